// Globs as search boxes take them: `*.ts` matches a file name anywhere, `src/**` a folder's
// contents; `*` stays inside one path segment, `**` crosses them, `?` is one character, and
// `{a,b}` is either.

export function globToRegExp(glob: string): RegExp {
  const pattern = glob.trim();
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index]!;
    if (char === '*') {
      if (pattern[index + 1] === '*') {
        index += 1;
        if (pattern[index + 1] === '/') index += 1;
        source += '.*';
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') source += '[^/]';
    else if (char === '{') source += '(?:';
    else if (char === '}') source += ')';
    else if (char === ',') source += '|';
    else source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  // Without a slash, the pattern is about names: it may match in any folder.
  const anywhere = !pattern.includes('/');
  return new RegExp(`${anywhere ? '(?:^|/)' : '^'}${source}$`);
}

export function matchesGlob(path: string, glob: string): boolean {
  return glob.trim() === '' || globToRegExp(glob).test(path);
}
