import { describe, expect, it } from "vitest";
import { placeOfPath } from "./problems.js";

describe("placeOfPath: a field path in the screens' words", () => {
  it("names lines from 1, entries of each list and the field as the editor labels it", () => {
    // services[4] is the fifth line; list indices count from 0, the screens from 1.
    expect(placeOfPath(["services", 4])).toBe("第 5 行");
    expect(placeOfPath(["services", 0, "personMonths"])).toBe("第 1 行的工作量");
    expect(placeOfPath(["services", 2, "units"], "en")).toBe("line 3 (units)");
    expect(placeOfPath(["nonLabor", "dataProducts", 0])).toBe("数据产品费 D 第 1 项");
    expect(placeOfPath(["nonLabor", "business", 1, "amount"])).toBe("业务费 B 第 2 项的金额");
    expect(placeOfPath(["external", 0, "item"])).toBe("公式(1)之外计价的服务第 1 项的服务内容");
    expect(placeOfPath(["external", 1, "basis"], "en")).toBe("services priced outside formula (1) no. 2 (basis)");
    expect(placeOfPath(["rates", 1])).toBe("费率方案第二档");
  });

  it("says nothing for the budget as a whole: the message itself says what it is about", () => {
    expect(placeOfPath(["services"])).toBe("");
    expect(placeOfPath([])).toBe("");
    expect(placeOfPath(["name"])).toBe("");
  });
});
