export interface ExtractedItem { letter: string; name: string; description: string }
export interface ExtractedLevels { letter: string; name: string; technical: string; business: string; collaboration: string }
export interface ExtractedType { id: string; name: string; description: string; items: ExtractedItem[]; levels: ExtractedLevels[] }
export interface ExtractedQuickRow { row: number; item: string; name: string; prices: string[] }
export function extractStandard(text: string): { types: ExtractedType[]; b2: ExtractedQuickRow[] };
