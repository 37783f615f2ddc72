export { run, buildProgram, renderEstimateText, renderCatalogText, catalogJson, loadBudgetFile, CliError, type Io } from "./main.js";
