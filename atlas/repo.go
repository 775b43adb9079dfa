// Package atlas reads the AGI Strategies board's git repository
// (github.com/NoahLloyd/strategy-atlas) into a bot.Dataset. The board's data
// are TypeScript modules: they are read straight from a commit in the git
// object store (go-git; no checkout, no git binary), bundled with esbuild and
// evaluated with goja under a time and memory limit, and the result is
// converted to the bot's domain.
package atlas

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Repo is an opened board repository: a local working tree or bare
// repository, or a clone of a URL.
type Repo struct {
	repo *git.Repository
	// Location is where it was opened or cloned from (a path or a URL).
	Location string
	// branch is the branch a clone follows; "" for a local repository.
	branch string
}

// Commit is one commit of the board's repository.
type Commit struct {
	ID   string // full hex id
	Time time.Time
	c    *object.Commit
}

// Open opens a local repository as it is: a working tree (its committed
// state is read, never the files on disk) or a bare repository.
func Open(path string) (*Repo, error) {
	r, err := git.PlainOpen(path)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		// a directory inside a working tree
		r, err = git.PlainOpenWithOptions(path, &git.PlainOpenOptions{DetectDotGit: true})
	}
	if err != nil {
		return nil, fmt.Errorf("open repository %s: %w", path, err)
	}
	return &Repo{repo: r, Location: path}, nil
}

// IsURL reports whether s names a remote repository rather than a local path.
func IsURL(s string) bool {
	return strings.Contains(s, "://") || (strings.HasPrefix(s, "git@") && strings.Contains(s, ":"))
}

// Clone opens the bare clone of url in dir, cloning it first when dir does
// not hold one, and otherwise fetches branch from url so that the clone has
// what the remote has. branch "" is the remote's default branch. The
// branch's head is then Resolve("").
func Clone(ctx context.Context, url, branch, dir string) (*Repo, error) {
	r, err := git.PlainOpen(dir)
	if errors.Is(err, git.ErrRepositoryNotExists) {
		if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
			return nil, fmt.Errorf("clone %s: %w", url, err)
		}
		opts := &git.CloneOptions{URL: url, SingleBranch: true, Tags: git.NoTags}
		if branch != "" {
			opts.ReferenceName = plumbing.NewBranchReferenceName(branch)
		}
		if r, err = git.PlainCloneContext(ctx, dir, true, opts); err != nil {
			_ = os.RemoveAll(dir) // a half clone would be opened next time
			return nil, fmt.Errorf("clone %s into %s: %w", url, dir, err)
		}
		rp := &Repo{repo: r, Location: url, branch: branch}
		return rp, rp.defaultBranch()
	}
	if err != nil {
		return nil, fmt.Errorf("open clone %s: %w", dir, err)
	}
	rp := &Repo{repo: r, Location: url, branch: branch}
	if err := rp.defaultBranch(); err != nil {
		return nil, err
	}
	return rp, rp.Fetch(ctx)
}

// Branch is the branch a clone follows; "" for a local repository.
func (r *Repo) Branch() string { return r.branch }

// defaultBranch sets the followed branch, when none was named, to the one
// the clone's HEAD names (the remote's default when it was cloned).
func (r *Repo) defaultBranch() error {
	if r.branch != "" {
		return nil
	}
	head, err := r.repo.Storer.Reference(plumbing.HEAD)
	if err != nil {
		return fmt.Errorf("clone of %s: read HEAD: %w", r.Location, err)
	}
	if head.Type() != plumbing.SymbolicReference || !head.Target().IsBranch() {
		return fmt.Errorf("clone of %s: HEAD names no branch", r.Location)
	}
	r.branch = head.Target().Short()
	return nil
}

// Fetch brings the followed branch of a clone up to date with its remote;
// it does nothing for a local repository.
func (r *Repo) Fetch(ctx context.Context) error {
	if r.branch == "" {
		return nil
	}
	spec := config.RefSpec(fmt.Sprintf("+refs/heads/%s:refs/heads/%[1]s", r.branch))
	err := r.repo.FetchContext(ctx, &git.FetchOptions{
		RemoteURL: r.Location, RefSpecs: []config.RefSpec{spec}, Tags: git.NoTags, Force: true,
	})
	if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
		return fmt.Errorf("fetch %s %s: %w", r.Location, r.branch, err)
	}
	return nil
}

// Resolve finds a commit: rev is a commit id (full or abbreviated), a branch
// or tag name, or "" for the head (of the followed branch, for a clone).
func (r *Repo) Resolve(rev string) (Commit, error) {
	if rev == "" {
		rev = "HEAD"
		if r.branch != "" {
			rev = plumbing.NewBranchReferenceName(r.branch).String()
		}
	}
	h, err := r.repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return Commit{}, fmt.Errorf("resolve %q in %s: %w", rev, r.Location, err)
	}
	c, err := r.repo.CommitObject(*h)
	if err != nil {
		return Commit{}, fmt.Errorf("read commit %s: %w", h, err)
	}
	return newCommit(c), nil
}

func newCommit(c *object.Commit) Commit {
	return Commit{ID: c.Hash.String(), Time: c.Committer.When.UTC(), c: c}
}

// Short is the commit's abbreviated id.
func (c Commit) Short() string {
	if len(c.ID) > 7 {
		return c.ID[:7]
	}
	return c.ID
}

// tree is the commit's root tree.
func (c Commit) tree() (*object.Tree, error) {
	t, err := c.c.Tree()
	if err != nil {
		return nil, fmt.Errorf("commit %s: read tree: %w", c.Short(), err)
	}
	return t, nil
}
