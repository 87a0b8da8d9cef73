import type { AreaMessages } from '.';
import { formatNumber, plural } from './format';

const num = (n: number) => formatNumber('ur', n);

/** Urdu (Pakistan). Natural current Urdu, not word for word; see docs/translation.md. */
export const dict: AreaMessages['account'] = {
  signIn: {
    titleIn: 'سائن اِن',
    titleUp: 'اکاؤنٹ بنائیں',
    leadIn:
      'خوش آمدید۔ اس براؤزر میں مہمان کے طور پر کھیلے گئے آپ کے کھیل آپ کے اکاؤنٹ میں شامل کر دیے جائیں گے۔',
    leadUp:
      'اپنی پیش رفت ہر ڈیوائس پر ساتھ رکھیں۔ اس براؤزر میں مہمان کے طور پر کھیلے گئے کھیل محفوظ رہیں گے۔',
    name: 'آپ کا نام',
    email: 'ای میل',
    password: 'پاس ورڈ',
    passwordHint: 'کم از کم 15 حروف۔',
    wait: 'براہِ کرم انتظار کریں…',
    submitUp: 'اکاؤنٹ بنائیں',
    haveAccount: 'پہلے سے اکاؤنٹ ہے؟',
    newHere: 'یہاں نئے ہیں؟',
  },
  join: {
    title: 'کلاس میں شامل ہوں',
    signInFirst: 'پہلے سائن اِن کریں تاکہ آپ کا کام کورس میں شمار ہو: {{ signIn }} یا {{ create }}۔',
    signIn: 'سائن اِن کریں',
    createAccount: 'اکاؤنٹ بنائیں',
    lead: 'وہ 8 حرفی کوڈ درج کریں جو آپ کے استاد نے دیا ہے۔',
    code: 'شمولیت کا کوڈ',
    joining: 'شامل ہو رہے ہیں…',
    join: 'شامل ہوں',
  },
  progress: {
    title: 'آپ کی پیش رفت',
    joined: 'آپ {{ name }} میں شامل ہو گئے۔',
    assignments: 'آپ کی اسائنمنٹس',
    noAssignments: 'کوئی اسائنمنٹ نہیں۔ اپنے استاد کے دیے گئے کوڈ سے {{ join }}۔',
    joinCohort: 'کلاس میں شامل ہوں',
    asSide: '{{ side }} کی طرف سے',
    due: 'آخری تاریخ {{ date }}',
    start: 'شروع کریں',
    resume: 'جاری رکھیں',
    debrief: 'جائزہ',
    guest:
      'آپ مہمان کے طور پر کھیل رہے ہیں: پیش رفت صرف اسی براؤزر میں محفوظ ہے۔ اسے محفوظ رکھنے کے لیے {{ create }}۔',
    loading: 'آپ کی پیش رفت لوڈ ہو رہی ہے…',
    summary: 'خلاصہ',
    runsFinished: (n: number) => plural('ur', n, { one: 'کھیل مکمل ہوا', other: 'کھیل مکمل ہوئے' }),
    matchedNone: 'تاریخ سے ملتے فیصلے: موازنہ دیکھنے کے لیے کوئی کھیل مکمل کریں',
    matched: (matched: number, total: number) =>
      `آپ کے فیصلے تاریخ سے ملے: مکمل کھیلوں میں ${num(total)} میں سے ${num(matched)}`,
    noneYet: 'ابھی نہیں',
    spent: 'فیصلوں پر لگا وقت',
    inProgress: 'جاری',
    nothing: 'کوئی کھیل جاری نہیں۔ {{ start }}۔',
    startScenario: 'کوئی منظرنامہ شروع کریں',
    atDecision: (n: number) => `فیصلہ ${num(n)}`,
    byScenario: 'منظرنامے کے لحاظ سے',
    noRuns: 'ابھی کوئی کھیل نہیں۔',
    scenario: 'منظرنامہ',
    bestScore: 'بہترین اسکور',
    endings: 'دریافت شدہ اختتام',
    endingsOf: (found: number, total: number) => `${num(total)} میں سے ${num(found)}`,
    finished: 'مکمل کھیل',
    noFinished: 'ابھی کوئی کھیل مکمل نہیں ہوا۔',
    score: 'اسکور {{ score }}',
    historical: '{{ share }} تاریخ کے مطابق',
    runAs: '{{ scenario }}، {{ side }} کی طرف سے',
    statusNotStarted: 'شروع نہیں ہوئی',
    statusInProgress: 'جاری',
    statusDone: 'مکمل',
    statusLate: 'تاخیر سے مکمل',
    statusNotOpen: 'ابھی کھلی نہیں',
    underMinute: 'ایک منٹ سے کم',
    minutes: (n: number) => `${num(n)} منٹ`,
    hoursMinutes: (h: number, m: number) => `${num(h)} گھنٹے ${num(m)} منٹ`,
  },
};
