import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Normalise what callers, PBXs and forms send into E.164 so that one citizen is one contact across
 * channels. Local landlines dialled without the area code get the centre's own (LOCAL_AREA_CODE).
 */
export function normalizePhone(input: string, localAreaCode = '0734'): string | null {
  const raw = input.trim().replace(/[\s\-()（）]/g, '');
  if (!raw) return null;
  let candidate = raw.replace(/^00/, '+');
  // A bare 7–8 digit number is a local landline: prefix the area code.
  if (/^\d{7,8}$/.test(candidate)) candidate = `${localAreaCode}${candidate}`;
  // 86 + 11-digit mobile without the plus.
  if (/^86\d{11}$/.test(candidate)) candidate = `+${candidate}`;
  const parsed = parsePhoneNumberFromString(candidate, 'CN');
  if (!parsed?.isValid()) return null;
  return parsed.number;
}

const CN_MOBILE_E164 = /^\+861[3-9]\d{9}$/;

/**
 * The contact key of a number a carrier reported (an SMS sender): its normal form, or the number as given
 * when libphonenumber does not know it (a new number range still reaches its own contact). A Chinese mobile
 * number already in E.164 is both, valid or not, so it skips the parse: on the SMS webhook's hot path the
 * parse cost more than the rest of the text's handling (libphonenumber compiles its patterns per call).
 */
export function reportedNumberKey(input: string): string {
  if (CN_MOBILE_E164.test(input)) return input;
  return normalizePhone(input) ?? input.trim();
}

/** 138****5678-style mask for exports and unit views of confidential tickets. */
export function maskPhone(e164: string | null | undefined): string | null {
  if (!e164) return null;
  const national = e164.replace(/^\+86/, '');
  if (national.length < 7) return '****';
  return `${national.slice(0, 3)}****${national.slice(-4)}`;
}

export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  return `${name.slice(0, 1)}**`;
}
