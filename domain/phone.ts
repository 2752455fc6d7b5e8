import { Metadata } from 'libphonenumber-js/core';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/metadata.max.json';

/**
 * Mainland mobile numbers, the bulk of what citizens type, checked against libphonenumber's own CN patterns
 * compiled once: its parse compiles every pattern it tries anew on each call, the costliest step of a web
 * complaint's validation. Anything these do not accept takes the full parse (equal results: property-tested).
 */
const [CN_NATIONAL, CN_MOBILE] = cnPatterns();

function cnPatterns(): [RegExp, RegExp] {
  try {
    const cn = new Metadata(metadata);
    cn.selectNumberingPlan('CN');
    // Metadata's numbering plan API, which libphonenumber-js's type declarations leave out.
    const plan = cn.numberingPlan as unknown as {
      nationalNumberPattern(): string;
      type(t: 'MOBILE'): { pattern(): string } | undefined;
    };
    const mobile = plan.type('MOBILE')?.pattern();
    if (mobile) return [new RegExp(`^(?:${plan.nationalNumberPattern()})$`), new RegExp(`^(?:${mobile})$`)];
  } catch {
    // A libphonenumber-js without that API: every number takes the full parse.
  }
  return [/(?!)/, /(?!)/];
}
const MOBILE_INPUT = /^(?:\+?86)?(1\d{10})$/;

/** `+86…` for a valid mainland mobile number (with or without +86), else undefined (not decided here). */
export function validCnMobile(candidate: string): string | undefined {
  const national = MOBILE_INPUT.exec(candidate)?.[1];
  return national && CN_NATIONAL.test(national) && CN_MOBILE.test(national) ? `+86${national}` : undefined;
}

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
  const mobile = validCnMobile(candidate);
  if (mobile) return mobile;
  const parsed = parsePhoneNumberFromString(candidate, 'CN');
  if (!parsed?.isValid()) return null;
  return parsed.number;
}

/**
 * The contact key of a number a carrier reported (an SMS sender): its normal form, or the number as given
 * when libphonenumber does not know it (a new number range still reaches its own contact).
 */
export function reportedNumberKey(input: string): string {
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
