/** The govcost command given hostile or careless input: a located message and exit 2, never a stack trace or a hang. */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliHarness, bin } from "./harness.js";

const cli = cliHarness("cli-hard");
const govcost = cli.run;
const file = cli.file;

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at |内部错误|Maximum call stack/);

describe("budget files in GBK / GB18030", () => {
  // "测试项目" in GBK: B2E2 CAD4 CFEE C4BF.
  const gbkName = Buffer.from([0xb2, 0xe2, 0xca, 0xd4, 0xcf, 0xee, 0xc4, 0xbf]);
  it("are read as GB18030, with a notice", () => {
    const text = Buffer.concat([Buffer.from('{"name":"'), gbkName, Buffer.from('","services":[{"item":"7.2.b","personMonths":1}]}')]);
    const r = govcost(["estimate", file("gbk.json", text), "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).name).toBe("测试项目");
    expect(r.err).toContain("gbk.json: 不是 UTF-8 编码，已按 GB18030（GBK）读取");
  });
  it("bytes that are neither UTF-8 nor GB18030 are refused with the encodings named", () => {
    const r = govcost(["estimate", file("bad-enc.json", Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xff, 0x22, 0x7d]))]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("bad-enc.json: 无法识别文件编码：既不是 UTF-8，也不是 GB18030（GBK）");
  });
});

describe("inputs that are not regular files", () => {
  it("/dev/zero is read only up to the size limit", () => {
    const r = govcost(["estimate", "/dev/zero"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("/dev/zero: 文件过大（超过 64.0 MB）");
  });
});

describe("terminal output", () => {
  it("control characters from a budget are shown escaped, not sent raw; JSON output keeps them as JSON escapes", () => {
    const f = file("ansi.json", JSON.stringify({ name: "清屏\u001b[2J项目\u0007", services: [{ item: "7.2.b\u001b[31m", personMonths: 1 }] }));
    const bad = govcost(["estimate", f]);
    expect(bad.code).toBe(2);
    expect(bad.err).not.toContain("\u001b");
    expect(bad.err).toContain("7.2.b\\x1b[31m");
    const ok = file("ansi-ok.json", JSON.stringify({ name: "清屏\u001b[2J项目\u0007", services: [{ item: "7.2.b", personMonths: 1, note: "第一行\n第二行\r" }] }));
    const r = govcost(["estimate", ok]);
    expect(r.code).toBe(0);
    const controls = [...r.out].filter((c) => (c.charCodeAt(0) < 0x20 && c !== "\n") || c.charCodeAt(0) === 0x7f);
    expect(controls).toEqual([]);
    expect(r.out).toContain("项目：清屏\\x1b[2J项目\\x07");
    const j = govcost(["estimate", ok, "--json"]);
    expect(JSON.parse(j.out).name).toBe("清屏\u001b[2J项目\u0007");
  });
});

describe("a closed pipe", () => {
  it("`catalog --json | head -1` ends quietly with exit 0", () => {
    // bash reports the exit code of govcost itself, the left side of the pipe.
    const script = `"${process.execPath}" "${bin}" catalog --json 2>"${path.join(cli.dir, "pipe.err")}" | head -1; exit \${PIPESTATUS[0]}`;
    const r = spawnSync("bash", ["-c", script], { cwd: cli.dir, encoding: "utf8" });
    expect(r.stdout).toBe("[\n");
    expect(readFileSync(path.join(cli.dir, "pipe.err"), "utf8")).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("deep nesting and YAML errors", () => {
  it("100,000 nested arrays say so, in JSON and YAML", () => {
    const j = govcost(["estimate", file("deep.json", `{"name":"x","services":${"[".repeat(100_000)}${"]".repeat(100_000)}}`)]);
    expect(j.code).toBe(2);
    expect(j.err).toContain("嵌套层数过多（超过 64 层）");
    noStack(j.err);
    const y = govcost(["estimate", file("deep.yaml", `name: x\nservices: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`)]);
    expect(y.code).toBe(2);
    expect(y.err).toContain("嵌套层数过多");
    noStack(y.err);
  });
  it("a YAML syntax error is explained in Chinese", () => {
    const r = govcost(["estimate", file("tab.yaml", "name: a\nservices:\n\t- item: 7.2.b\n")]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/文件格式错误（YAML），第 \d+ 行第 \d+ 列：.*(制表符|缩进)/);
  });
});

describe("totals beyond what 大写 and a spreadsheet hold", () => {
  it("10¹⁶ yuan is refused with the limit (exit 2), not an internal error", () => {
    const doc = { name: "x", services: [{ item: "7.2.b", personMonths: "999999999999.99" }], nonLabor: { business: [{ name: "a", amount: "999999999999.99" }] } };
    const r = govcost(["estimate", file("huge.json", JSON.stringify(doc))]);
    expect(r.code).toBe(2);
    noStack(r.err);
    // 7.2.b at F1 is 第二档 22500 元/人月: 999,999,999,999.99 × 22,500 = 22,499,999,999,999,775.00.
    expect(r.err).toContain("services: Σ(P×Q) 合计 22499999999999775.00 元超过上限 999999999999.99 元");
  });
  it("a duplicate key and a number with too many digits", () => {
    const r = govcost(["estimate", file("dup.json", '{"name":"x","services":[{"item":"7.2.b","personMonths":1,"personMonths":24.999999999999999}]}')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("services[0].personMonths: 字段“personMonths”重复出现");
  });
});

describe("user add and serve mistakes are user errors", () => {
  const add = (args: string[], password = "Zq8#kd93Lm-x") => govcost(["user", "add", "--data", path.join(cli.dir, "data"), ...args], { env: { GOVCOST_PASSWORD: password } });

  it("a short password, a bad name, a preparer without a department, a duplicate user", () => {
    const short = add(["-u", "zhang", "-r", "reviewer"], "short");
    expect([short.code, short.err]).toEqual([2, expect.stringContaining("密码至少 10 个字符")]);
    noStack(short.err);
    const name = add(["-u", "张 三", "-r", "reviewer"]);
    expect([name.code, name.err]).toEqual([2, expect.stringContaining("用户名只能包含字母、数字和 . _ @ -")]);
    const dept = add(["-u", "li", "-r", "preparer"]);
    expect([dept.code, dept.err]).toEqual([2, expect.stringContaining("-d/--department")]);
    expect(add(["-u", "wang", "-r", "reviewer"]).code).toBe(0);
    const dup = add(["-u", "wang", "-r", "reviewer"]);
    expect([dup.code, dup.err]).toEqual([2, expect.stringContaining("用户名 wang 已存在")]);
    noStack(dup.err);
  });

  it("serve on a busy port names the port and the fix", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve()));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(process.execPath, [bin, "serve", "--port", String(port), "--data", path.join(cli.dir, "serve-data")], { cwd: cli.dir, env: { ...process.env, GOVCOST_DEBUG: "" } });
        let err = "";
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("close", (code) => resolve({ code, err }));
      });
      expect(r.code).toBe(2);
      expect(r.err).toContain(`端口 ${port} 已被占用`);
      noStack(r.err);
    } finally {
      blocker.close();
    }
  });
});
