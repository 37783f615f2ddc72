/**
 * A JSON number whose text holds more than a double does (24.999999999999999, which JSON.parse
 * reads as 25): kept as its text, so that the field's reader reports it as it would the same
 * text in quotes, instead of pricing the rounded double.
 */
export class NumberText {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}
