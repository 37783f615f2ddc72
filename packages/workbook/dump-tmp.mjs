import ExcelJS from "exceljs";
const [file, ...sheets] = process.argv.slice(2);
const wb = new ExcelJS.Workbook();
await wb.xlsx.readFile(file);
for (const ws of wb.worksheets) {
  if (sheets.length && !sheets.includes(ws.name)) continue;
  console.log("## sheet", ws.name, ws.state, "merges", JSON.stringify(ws.model.merges ?? []));
  ws.eachRow((row, r) => {
    const parts = [];
    row.eachCell((c, col) => {
      const v = c.value;
      parts.push(`${c.address}=${typeof v === "object" && v !== null ? JSON.stringify(v) : JSON.stringify(v)}`);
    });
    console.log(parts.join(" | "));
  });
}
