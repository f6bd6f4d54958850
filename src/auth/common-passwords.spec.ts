import { isCommonPassword, notCommonPasswordPattern } from './common-passwords';

// The document's pattern must refuse exactly the passwords the service refuses as common.
describe(notCommonPasswordPattern.name, () => {
  const pattern = new RegExp(notCommonPasswordPattern(), 'u');

  it.each([
    ['a listed password', 'password123', true],
    ['the same in capitals', 'PASSWORD123', true],
    ['mixed case', 'PassWord123', true],
    ['listed, with punctuation', 'asdfghjkl;', true],
    ['listed, with @', 'P@ssw0rd123', true],
    ['a listed password with one more character', 'password1234x', false],
    ['a listed password inside a longer one', 'mypassword123 is long', false],
    ['a listed password behind a space', ' password123', false],
    ['the Kelvin sign for k', 'bas\u212Aetball', false],
    ['an uncommon password', 'correct horse battery staple', false],
  ])('%s: %p refused as common → %p', (_name, password, common) => {
    expect({ service: isCommonPassword(password), document: !pattern.test(password) }).toEqual({ service: common, document: common });
  });
});
