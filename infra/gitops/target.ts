/**
 * Where GitOps tools read the stack from: the user's repository, branch and the folder holding the
 * environment folders. Nothing is guessed; a bad value is one line naming the option.
 */

/** The Git source every generated object points at. */
export interface GitTarget {
  /** Clone URL: https://, http://, ssh:// or scp-like `git@host:path`. */
  readonly repo: string;
  /** Branch to follow. */
  readonly branch: string;
  /** Folder in the repository holding `<env>/` folders, relative to its root, without `./` or a trailing `/`. */
  readonly path: string;
}

/** A bad --repo, --branch or --path. */
export class GitTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitTargetError';
  }
}

/** Checks and normalizes the three values; throws {@link GitTargetError} naming the first bad one. */
export function gitTarget(repo: string | undefined, branch: string | undefined, path: string | undefined): GitTarget {
  if (!repo) throw new GitTargetError('--repo is required (the Git URL the cluster clones, e.g. https://example.com/org/repo.git)');
  if (!/^(https?|ssh):\/\/[^\s/]+\/\S+$/.test(repo) && !/^[\w.-]+@[\w.-]+:\S+$/.test(repo)) {
    throw new GitTargetError(`--repo '${repo}' is not a Git URL (https://, http://, ssh:// or user@host:path)`);
  }
  if (!branch) throw new GitTargetError('--branch is required (the branch the cluster follows, e.g. main)');
  // git check-ref-format's rules, for a branch name.
  if (/[\s~^:?*[\\]|\.\.|@\{|^[-/.]|[/.]$|\.lock$|\/\//.test(branch)) throw new GitTargetError(`--branch '${branch}' is not a valid Git branch name`);
  if (path === undefined || path === '') throw new GitTargetError('--path is required (the repository folder that holds the environment folders, e.g. dist)');
  const normalized = path.replace(/^\.\//, '').replace(/\/+$/, '');
  if (normalized.startsWith('/') || normalized.split('/').some((s) => s === '..' || s === '') || /[\s*?[\]!#]/.test(normalized)) {
    throw new GitTargetError(`--path '${path}' must be a folder inside the repository, relative to its root (no '..', no leading '/', no spaces or glob characters)`);
  }
  return { repo, branch, path: normalized };
}
