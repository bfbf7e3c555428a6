/** The installers find the machine's Debian mirror from its own apt configuration. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { debianArchiveUri } = require('../../scripts/apt-source.js') as {
  debianArchiveUri: (files: Array<{ path: string; text: string }>) => string | undefined;
};

const DEB822 = `Types: deb
# a comment
URIs: http://mirror.example/debian/
Suites: bookworm bookworm-updates
Components: main

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main
`;

describe('debianArchiveUri', () => {
  it('reads the archive from deb822 .sources files, skipping security suites', () => {
    expect(debianArchiveUri([{ path: '/etc/apt/sources.list.d/debian.sources', text: DEB822 }])).toBe('http://mirror.example/debian');
  });

  it('reads one-line sources.list entries, with options and comments', () => {
    const list = '# deb http://old.example/debian buster main\ndeb [arch=amd64] https://m.example/debian bookworm main\n';
    expect(debianArchiveUri([{ path: '/etc/apt/sources.list', text: list }])).toBe('https://m.example/debian');
  });

  it('ignores disabled stanzas, source-only entries and other vendors', () => {
    const text = `Types: deb\nURIs: https://node.vendor.example/node_20.x\nSuites: nodistro\n\nTypes: deb-src\nURIs: http://src.example/debian\nSuites: bookworm\n\n`
      + `Types: deb\nEnabled: no\nURIs: http://off.example/debian\nSuites: bookworm\n`;
    expect(debianArchiveUri([{ path: 'x.sources', text }])).toBeUndefined();
  });
});
