import type { CoreMessages } from '.';
import { plural } from './format';

const p = (n: number, other: string) => plural('fa', n, { other });

/** Persian (Iran). Natural current Persian, not word for word; see docs/translation.md. */
export const dict: CoreMessages = {
  app: {
    name: 'میز بحران',
    loadingPage: 'در حال باز کردن صفحه',
    skip: 'پرش به محتوا',
    mainNav: 'منوی اصلی',
    scenarios: 'سناریوها',
    progress: 'پیشرفت',
    teach: 'تدریس',
    studio: 'استودیو',
    signIn: 'ورود',
    signOut: 'خروج',
    language: 'زبان',
    footer:
      'میز بحران متن‌باز است. متن سناریوها منابعش را ذکر می‌کند و هر جا واقعیتی قطعی نیست، همین را صریح می‌گوید.',
    api: 'رابط برنامه‌نویسی',
    lms: 'سامانه‌های مدیریت یادگیری',
    contentNote: 'متن سناریوها فعلاً به انگلیسی است.',
  },
  status: {
    loading: 'در حال بارگذاری…',
    tryAgain: 'دوباره امتحان کنید',
    offline: 'اتصال به سرور برقرار نشد. اینترنت خود را بررسی کنید و دوباره امتحان کنید.',
    noBody: 'پاسخ سرور ({{ status }}) خوانا نبود.',
    answered: 'سرور با خطای {{ status }} پاسخ داد.',
    caughtUp: '{{ message }} صفحه اکنون وضعیت فعلی بازی را نشان می‌دهد.',
  },
  notFound: {
    title: 'صفحه پیدا نشد',
    body: 'در این نشانی چیزی وجود ندارد.',
    back: 'بازگشت به صفحهٔ اول',
  },
  home: {
    lede: 'در جریان حمله‌های فرامرزی دی‌ماه ۱۴۰۲ (ژانویهٔ ۲۰۲۴)، پشت میز تصمیم‌گیری تهران یا اسلام‌آباد بنشینید و همان تصمیم‌هایی را بگیرید که آن طرف پیش رو داشت. سپس در جمع‌بندی، انتخاب‌های شما کنار آنچه واقعاً رخ داد و تحلیل‌های پشت آن قرار می‌گیرد.',
    createAccount: 'ساخت حساب کاربری',
    orGuest: 'یا همین حالا یکی از سناریوهای زیر را انتخاب کنید و در نقش مهمان بازی کنید.',
    loading: 'در حال بارگذاری سناریوها…',
    none: 'هنوز هیچ سناریویی منتشر نشده است.',
    startHere: 'از اینجا شروع کنید: کل بحران، از هر دو طرف',
    private: 'خصوصی',
    cohorts: 'مشترک با کلاس‌ها',
    minutes: (n: number) => p(n, 'حدود # دقیقه'),
    endings: (n: number) => p(n, '# پایان'),
    playAs: 'بازی در نقش {{ side }}',
    best: 'بهترین امتیاز: {{ score }}',
  },
};
