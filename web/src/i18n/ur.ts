import type { CoreMessages } from '.';
import { plural } from './format';

const p = (n: number, other: string) => plural('ur', n, { other });

/** Urdu (Pakistan). Natural current Urdu, not word for word; see docs/translation.md. */
export const dict: CoreMessages = {
  app: {
    name: 'بحران ڈیسک',
    loadingPage: 'صفحہ کھل رہا ہے',
    skip: 'مواد پر جائیں',
    mainNav: 'مرکزی فہرست',
    scenarios: 'منظرنامے',
    progress: 'پیش رفت',
    teach: 'تدریس',
    studio: 'اسٹوڈیو',
    signIn: 'سائن اِن',
    signOut: 'سائن آؤٹ',
    language: 'زبان',
    footer:
      'بحران ڈیسک اوپن سورس ہے۔ منظرناموں کا متن اپنے ذرائع کا حوالہ دیتا ہے؛ جہاں کوئی بات یقینی نہ ہو، متن صاف بتا دیتا ہے۔',
    api: 'اے پی آئی',
    lms: 'لرننگ مینجمنٹ سسٹم',
    contentNote: 'منظرناموں کا متن فی الحال انگریزی میں ہے۔',
  },
  status: {
    loading: 'لوڈ ہو رہا ہے…',
    tryAgain: 'دوبارہ کوشش کریں',
    offline: 'سرور سے رابطہ نہیں ہو سکا۔ اپنا انٹرنیٹ کنکشن دیکھیں اور دوبارہ کوشش کریں۔',
    noBody: 'سرور کا جواب ({{ status }}) پڑھا نہیں جا سکا۔',
    answered: 'سرور نے خرابی {{ status }} کے ساتھ جواب دیا۔',
    caughtUp: '{{ message }} صفحہ اب کھیل کی موجودہ صورتِ حال دکھا رہا ہے۔',
  },
  notFound: {
    title: 'صفحہ نہیں ملا',
    body: 'اس پتے پر کچھ نہیں ہے۔',
    back: 'شروع پر واپس جائیں',
  },
  home: {
    lede: 'جنوری 2024 کے سرحد پار حملوں کے دوران تہران یا اسلام آباد کی کرسی سنبھالیں اور وہ فیصلے کریں جو اُس فریق کے سامنے تھے۔ پھر جائزے میں آپ کے فیصلے اصل واقعات اور اُن کے پیچھے موجود تجزیے کے ساتھ رکھ کر دکھائے جاتے ہیں۔',
    createAccount: 'اکاؤنٹ بنائیں',
    orGuest: 'یا بس نیچے سے کوئی منظرنامہ چنیں اور مہمان کے طور پر کھیلیں۔',
    loading: 'منظرنامے لوڈ ہو رہے ہیں…',
    none: 'ابھی کوئی منظرنامہ شائع نہیں ہوا۔',
    startHere: 'یہاں سے شروع کریں: پورا بحران، کسی بھی فریق کی طرف سے',
    private: 'نجی',
    cohorts: 'کلاسوں کے ساتھ شیئر شدہ',
    minutes: (n: number) => p(n, 'تقریباً # منٹ'),
    endings: (n: number) => p(n, '# اختتام'),
    playAs: '{{ side }} کی طرف سے کھیلیں',
    best: 'بہترین اسکور: {{ score }}',
  },
};
