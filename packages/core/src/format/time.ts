/**
 * Times as people read them, in one IANA time zone: Asia/Shanghai unless configured otherwise
 * (GOVCOST_TIME_ZONE on the server). The web app, the workbook's export time and the report's date
 * all use it, whatever the zone of the machine or browser.
 */

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

/** True if the runtime knows this IANA zone name ("Asia/Shanghai", "UTC", "Europe/Berlin"). */
export function isTimeZone(zone: string): boolean {
  if (zone === "" || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export interface LocalParts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formats.set(zone, f);
  }
  return f;
}

/** The wall-clock date and time in the zone, zero-padded. */
export function localParts(date: Date, zone: string = DEFAULT_TIME_ZONE): LocalParts {
  const parts = formatIn(zone).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? "";
  return { year: part("year"), month: part("month"), day: part("day"), hour: part("hour"), minute: part("minute") };
}

/** "2026-11-30T00:44:00Z" → "2026-11-30 08:44" (Asia/Shanghai). An unreadable time is returned as it is. */
export function localDateTime(at: Date | string, zone: string = DEFAULT_TIME_ZONE): string {
  const d = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return String(at);
  const p = localParts(d, zone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 2026年11月30日 in the zone. */
export function chineseLocalDate(date: Date, zone: string = DEFAULT_TIME_ZONE): string {
  const p = localParts(date, zone);
  return `${Number(p.year)}年${Number(p.month)}月${Number(p.day)}日`;
}

/**
 * The instant a calendar day ("2026-11-30") begins in the zone: 2026-11-29T16:00:00Z for Beijing.
 * null for a day that does not exist (2026-02-30).
 */
export function startOfLocalDay(day: string, zone: string = DEFAULT_TIME_ZONE): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const utc = Date.UTC(y, mo - 1, d);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  // The zone's offset at that moment, applied twice so a day beginning at a daylight-saving change is right.
  const offsetAt = (t: number) => {
    const p = localParts(new Date(t), zone);
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - t;
  };
  let t = utc - offsetAt(utc);
  t = utc - offsetAt(t);
  return new Date(t);
}
