import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ErrorCode } from './errors';

/** The app's languages (web/src/i18n/locales.ts). */
export type Locale = 'en' | 'ur' | 'fa';

/**
 * The reader's language: the `lang` cookie the app sets when one is chosen in its header, else the first of the
 * request's Accept-Language that the app speaks, else English. `?lang=` on the CSV exports overrides both.
 * @example readerLocale(c) // 'fa' for "Accept-Language: fa-IR,en;q=0.8"
 */
export function readerLocale(c: Context): Locale {
  const cookie = getCookie(c, 'lang');
  if (cookie === 'en' || cookie === 'ur' || cookie === 'fa') return cookie;
  const header = c.req.header('accept-language') ?? '';
  for (const part of header.split(',')) {
    const language = part.trim().split(/[-_;]/)[0]?.toLowerCase();
    if (language === 'en' || language === 'ur' || language === 'fa') return language;
  }
  return 'en';
}

/**
 * The error messages a player meets, by code, in Urdu and Persian (the code and status stay the same). A code
 * without a translation keeps the route's English message, which is more specific.
 */
const ERROR_MESSAGES: Record<'ur' | 'fa', Partial<Record<ErrorCode, string>>> = {
  fa: {
    invalid_request: 'درخواست معتبر نیست. موارد مشخص‌شده را اصلاح کنید.',
    unauthenticated: 'اول وارد شوید.',
    invalid_credentials: 'ایمیل یا گذرواژه درست نیست.',
    forbidden: 'اجازهٔ این کار را ندارید.',
    not_found: 'پیدا نشد.',
    invalid_code: 'این کد معتبر نیست. کد را دوباره بررسی کنید.',
    email_taken: 'با این ایمیل قبلاً حساب ساخته شده است. وارد شوید.',
    stale_step: 'این تصمیم قبلاً (شاید در زبانهٔ دیگری) ثبت شده است.',
    run_finished: 'این بازی تمام شده است.',
    run_abandoned: 'این بازی کنار گذاشته شده است.',
    run_damaged: 'سابقهٔ این بازی آسیب دیده و قابل ادامه نیست.',
    step_back_forbidden: 'در این بازی نمی‌شود به تصمیم قبلی برگشت.',
    already_answered: 'به این پرسش قبلاً پاسخ داده‌اید.',
    check_not_open: 'این پرسش دیگر باز نیست.',
    rate_limited: 'تعداد تلاش‌ها زیاد بود. کمی صبر کنید و دوباره امتحان کنید.',
    too_large: 'درخواست بیش از حد بزرگ است.',
    busy: 'سرور فعلاً شلوغ است. کمی بعد دوباره امتحان کنید.',
    internal_error: 'مشکلی در سمت ما پیش آمد. دوباره امتحان کنید.',
  },
  ur: {
    invalid_request: 'درخواست درست نہیں۔ نشان زدہ خانے درست کریں۔',
    unauthenticated: 'پہلے سائن اِن کریں۔',
    invalid_credentials: 'ای میل یا پاس ورڈ درست نہیں۔',
    forbidden: 'آپ کو اس کی اجازت نہیں۔',
    not_found: 'نہیں ملا۔',
    invalid_code: 'یہ کوڈ درست نہیں۔ کوڈ دوبارہ دیکھیں۔',
    email_taken: 'اس ای میل سے پہلے ہی اکاؤنٹ موجود ہے۔ سائن اِن کریں۔',
    stale_step: 'یہ فیصلہ پہلے ہی (شاید کسی اور ٹیب میں) درج ہو چکا ہے۔',
    run_finished: 'یہ کھیل مکمل ہو چکا ہے۔',
    run_abandoned: 'یہ کھیل ترک کیا جا چکا ہے۔',
    run_damaged: 'اس کھیل کا ریکارڈ خراب ہو گیا ہے اور یہ آگے نہیں چل سکتا۔',
    step_back_forbidden: 'اس کھیل میں پچھلے فیصلے پر واپس نہیں جا سکتے۔',
    already_answered: 'آپ اس سوال کا جواب پہلے ہی دے چکے ہیں۔',
    check_not_open: 'یہ سوال اب کھلا نہیں۔',
    rate_limited: 'بہت زیادہ کوششیں ہو گئیں۔ تھوڑا انتظار کر کے دوبارہ کوشش کریں۔',
    too_large: 'درخواست بہت بڑی ہے۔',
    busy: 'سرور اس وقت مصروف ہے۔ تھوڑی دیر بعد دوبارہ کوشش کریں۔',
    internal_error: 'ہماری طرف کچھ گڑبڑ ہو گئی۔ دوبارہ کوشش کریں۔',
  },
};

/**
 * An error's message in the reader's language, where there is one for its code; else the English message.
 * @example localizeError('fa', 'unauthenticated', 'Sign in first.') // 'اول وارد شوید.'
 */
export function localizeError(locale: Locale, code: ErrorCode, message: string): string {
  return locale === 'en' ? message : (ERROR_MESSAGES[locale][code] ?? message);
}
