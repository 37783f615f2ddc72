/**
 * Passwords refused as too common: the most frequent ones in published breach lists (10 characters
 * or more, since shorter ones fail the length rule anyway, plus common longer keyboard and Chinese
 * pinyin patterns), compared in lower case.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "1234567890", "0123456789", "12345678910", "123456789a", "a123456789", "1234567890a", "1234567890q", "qwertyuiop",
  "qwertyuiop123", "1q2w3e4r5t", "1q2w3e4r5t6y", "1qaz2wsx3edc", "zaq12wsxcde3", "zxcvbnm123", "asdfghjkl1", "asdfghjkl123",
  "password123", "password1234", "password12", "passw0rd123", "p@ssw0rd123", "p@ssword123", "password!", "password01",
  "iloveyou123", "iloveyou12", "princess123", "sunshine123", "football123", "baseball123", "superman123", "batman1234",
  "welcome123", "welcome1234", "letmein123", "abc1234567", "abcd123456", "abcde12345", "abc123456789", "a1b2c3d4e5",
  "qwerty1234", "qwerty12345", "qwerty123456", "1qazxsw23edc", "qazwsxedc123", "qazwsxedcrfv", "1234qwerasdf", "123qweasdzxc",
  "administrator", "admin12345", "admin123456", "administrator1", "root123456", "changeme123", "default123", "guest12345",
  "woaini1314", "woaini520", "woaini5201314", "5201314520", "5201314woaini", "aini1314520", "1314520520", "caonima123",
  "zhang123456", "wang123456", "li12345678", "liu123456", "chen123456", "huang123456", "zhao123456", "yang123456",
  "a12345678910", "aa123456789", "qq123456789", "qq1234567890", "88888888888", "66666666666", "11223344556", "1122334455",
  "1357924680", "0987654321", "9876543210", "147258369a", "1472583690", "123123123123", "1231231234", "123321123321",
  "monkey12345", "dragon12345", "master12345", "shadow12345", "michael123", "jennifer123", "computer123", "internet123",
  "government", "government123", "zhengfu123", "gov123456789", "shanghai123", "beijing123", "guangdong123", "shenzhen123",
  "govcost123", "govcost1234", "govcost12345",
]);
