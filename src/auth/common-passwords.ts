import { asciiCaseInsensitive } from '../common/ascii-case-pattern';

// Widely used passwords of 10+ characters (shorter ones fail the length rule first), from
// the public breach-frequency lists; ASCII letters compared in either case. A floor, not a
// breach check.
const LIST = `
1234567890 0987654321 12345678910 123456789a 123456789q 1234567890q 1234567890a 1q2w3e4r5t
1q2w3e4r5t6y 1qaz2wsx3edc qwertyuiop qwertyuiop123 qwerty1234 qwerty12345 qwerty123456 qwertyui12
asdfghjkl1 asdfghjkl; asdfghjkl123 zxcvbnm123 zxcvbnmasd 1qazxsw23edc qazwsxedcrfv qazwsxedc123
password12 password123 password1234 password12345 password123! password!! passwordpassword
passw0rd123 p@ssw0rd123 p@ssword123 password01 password99 mypassword mypassword1 mypassword123
iloveyou12 iloveyou123 iloveyou1234 iloveyou!! iloveyouuu loveyou123 princess12 princess123
sunshine12 sunshine123 football12 football123 baseball12 baseball123 basketball basketball1
basketball123 superman12 superman123 starwars12 starwars123 pokemon123 pokemon1234 minecraft1
minecraft12 minecraft123 chocolate1 chocolate12 chocolate123 butterfly1 butterfly12 butterfly123
michael123 jennifer123 jessica123 charlie123 liverpool1 liverpool12 liverpool123 manchester
manchester1 manutd1234 chelsea123 arsenal123 barcelona1 barcelona123 realmadrid realmadrid1
welcome123 welcome1234 welcome2020 welcome2021 welcome2022 welcome2023 welcome2024 welcome2025
letmein123 letmein1234 trustno1234 whatever12 whatever123 computer12 computer123 internet12
internet123 changeme12 changeme123 administrator admin12345 admin123456 administrator1
abcdefghij abcdefghijk abcdefg123 abcd123456 abc1234567 aaaaaaaaaa 1111111111 0000000000
1212121212 1122334455 1234512345 1234554321 123123123123 123321123321 9876543210 5555555555
7777777777 8888888888 9999999999 2222222222 3333333333 6666666666 4444444444 123qweasdzxc
q1w2e3r4t5 q1w2e3r4t5y6 a1b2c3d4e5 zaq12wsxcde 1q2w3e4r5t6y7u qwe123qwe123 qweasdzxc123
dragon1234 monkey1234 shadow1234 master1234 killer1234 hunter1234 ranger1234 summer2020
summer2021 summer2022 summer2023 summer2024 summer2025 winter2020 winter2021 winter2022
winter2023 winter2024 winter2025 spring2024 spring2025 autumn2024 autumn2025 january2024
password2020 password2021 password2022 password2023 password2024 password2025 password2026
football2024 christmas1 christmas12 christmas123 happybirthday helloworld helloworld1
helloworld123 hello12345 hello123456 goodmorning letmeinplease qwertyqwerty asdfasdfasdf
1q2w3e1q2w3e 11111111111 123456789012 098765432112 iloveyouforever lovelovelove
`;

const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));

// ASCII letters only, so that the document's pattern can say it: toLowerCase() also turns the
// Kelvin sign (U+212A) into `k`.
const asciiLowerCase = (text: string) => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/** Whether `password` is on the list, its ASCII letters in either case. */
export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(asciiLowerCase(password));
}

/** The same rule for the OpenAPI document: a pattern that every password matches but the listed ones. */
export function notCommonPasswordPattern(): string {
  return `^(?!(?:${[...COMMON_PASSWORDS].map(asciiCaseInsensitive).join('|')})$)`;
}
