import { describe, expect, it } from "vitest";
import { Dec } from "../decimal/dec.js";
import { amountInWords } from "./amount-in-words.js";

const w = (s: string) => amountInWords(Dec.parse(s));

describe("amountInWords (大写金额)", () => {
  it("writes whole yuan with 整", () => {
    expect(w("123456")).toBe("人民币壹拾贰万叁仟肆佰伍拾陆元整");
    expect(w("1521250.00")).toBe("人民币壹佰伍拾贰万壹仟贰佰伍拾元整");
    expect(w("10000")).toBe("人民币壹万元整");
    expect(w("0")).toBe("人民币零元整");
  });
  it("writes inner zeros once", () => {
    expect(w("100200")).toBe("人民币壹拾万零贰佰元整");
    expect(w("100000001")).toBe("人民币壹亿零壹元整");
    expect(w("1005")).toBe("人民币壹仟零伍元整");
    expect(w("30000000")).toBe("人民币叁仟万元整");
  });
  it("writes jiao and fen", () => {
    expect(w("1.05")).toBe("人民币壹元零伍分");
    expect(w("3369174.65")).toBe("人民币叁佰叁拾陆万玖仟壹佰柒拾肆元陆角伍分");
    expect(w("12.30")).toBe("人民币壹拾贰元叁角整");
    expect(w("0.08")).toBe("人民币捌分");
  });
});
