package atlas

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// tsconfigFile holds the path aliases (compilerOptions.baseUrl and paths).
const tsconfigFile = "tsconfig.json"

// entryName is the bundle's entry module; it is no file of the repository.
const entryName = "<atlas entry>"

// entrySource imports what the board's pages are built from (the merged
// people of src/lib/people.ts, the tags of src/lib/strategy-tags.ts, the
// canonical strategies of src/data/strategies.ts and the bridge of
// src/data/strategy-tag-bridge.ts) and exposes it under the global atlasBoard.
const entrySource = `import { people } from "@/lib/people";
import { strategyTags } from "@/lib/strategy-tags";
import { strategies } from "@/data/strategies";
import { tagToStrategyId } from "@/data/strategy-tag-bridge";
export { people, strategyTags, strategies, tagToStrategyId };
`

// peopleEntrySource imports only the people, for walking the history
// (older commits may lack the other modules).
const peopleEntrySource = `import { people } from "@/lib/people";
export { people };
`

// namespace is esbuild's namespace for modules read from the git tree.
const namespace = "atlas"

// ModuleError is a board module that failed to bundle or evaluate, with
// where esbuild or goja says it failed. Nothing is imported from a commit
// with such a module.
type ModuleError struct {
	File    string // repository-relative path; "" when not known
	Line    int    // 1-based; 0 when not known
	Column  int    // 1-based; 0 when not known
	Message string
	Stage   string // "bundle" or "evaluate"
}

func (e *ModuleError) Error() string {
	where := e.File
	if where == "" {
		where = "board modules"
	} else if e.Line > 0 {
		where = fmt.Sprintf("%s:%d", where, e.Line)
		if e.Column > 0 {
			where = fmt.Sprintf("%s:%d", where, e.Column)
		}
	}
	return fmt.Sprintf("%s: %s: %s", where, e.Stage, e.Message)
}

// treeFS reads files of one commit's tree from the object store, caching
// what it read (esbuild's callbacks may run concurrently).
type treeFS struct {
	tree     *object.Tree
	maxBytes int64

	mu     sync.Mutex
	files  map[string]*string       // nil: looked up, not there
	hashes map[string]plumbing.Hash // every path looked up, with its blob; zero: not there
	total  int64
}

// read returns the file's contents, ok false when there is no such file.
func (t *treeFS) read(p string) (string, bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s, seen := t.files[p]; seen {
		return deref(s), s != nil, nil
	}
	f, err := t.tree.File(p)
	if errors.Is(err, object.ErrFileNotFound) || errors.Is(err, object.ErrDirectoryNotFound) || errors.Is(err, object.ErrEntryNotFound) {
		t.files[p], t.hashes[p] = nil, plumbing.ZeroHash
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read %s: %w", p, err)
	}
	if !f.Mode.IsFile() {
		t.files[p], t.hashes[p] = nil, plumbing.ZeroHash
		return "", false, nil
	}
	if t.total+f.Size > t.maxBytes {
		return "", false, &ModuleError{File: p, Stage: "bundle", Message: fmt.Sprintf("the modules read exceed the limit of %d bytes", t.maxBytes)}
	}
	r, err := f.Reader()
	if err != nil {
		return "", false, fmt.Errorf("read %s: %w", p, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return "", false, fmt.Errorf("read %s: %w", p, err)
	}
	s := string(b)
	t.total += int64(len(b))
	t.files[p], t.hashes[p] = &s, f.Hash
	return s, true, nil
}

// newTreeFS reads the files of tree, up to maxBytes in all.
func newTreeFS(tree *object.Tree, maxBytes int64) *treeFS {
	return &treeFS{tree: tree, maxBytes: maxBytes, files: map[string]*string{}, hashes: map[string]plumbing.Hash{}}
}

// sameFiles reports whether tree holds the same blob at every path in
// hashes (and nothing where a path was not there): a bundle that read
// those paths reads the same modules from tree.
func sameFiles(tree *object.Tree, hashes map[string]plumbing.Hash) bool {
	for p, h := range hashes {
		got := plumbing.ZeroHash
		if e, err := tree.FindEntry(p); err == nil && e.Mode.IsFile() {
			got = e.Hash
		}
		if got != h {
			return false
		}
	}
	return true
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// pathAlias is one entry of tsconfig's compilerOptions.paths: "@/*" -> "./*".
type pathAlias struct {
	prefix, suffix string // of the pattern, around its "*"
	targets        []string
}

// aliases reads tsconfig.json's baseUrl and paths, longest prefix first. A
// repository without one gets the board's own alias, "@/*" -> "src/*".
func (t *treeFS) aliases() ([]pathAlias, error) {
	src, ok, err := t.read(tsconfigFile)
	if err != nil {
		return nil, err
	}
	if !ok {
		return []pathAlias{{prefix: "@/", targets: []string{"src/*"}}}, nil
	}
	var cfg struct {
		CompilerOptions struct {
			BaseURL string              `json:"baseUrl"`
			Paths   map[string][]string `json:"paths"`
		} `json:"compilerOptions"`
	}
	if err := json.Unmarshal([]byte(stripJSONC(src)), &cfg); err != nil {
		return nil, &ModuleError{File: tsconfigFile, Message: err.Error(), Stage: "bundle"}
	}
	base := path.Clean(cfg.CompilerOptions.BaseURL)
	var out []pathAlias
	for pattern, targets := range cfg.CompilerOptions.Paths {
		pre, suf, _ := strings.Cut(pattern, "*")
		a := pathAlias{prefix: pre, suffix: suf}
		for _, tg := range targets {
			a.targets = append(a.targets, path.Join(base, tg))
		}
		out = append(out, a)
	}
	// the longest prefix first, as TypeScript matches them
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].prefix) != len(out[j].prefix) {
			return len(out[i].prefix) > len(out[j].prefix)
		}
		return out[i].prefix < out[j].prefix
	})
	return out, nil
}

// stripJSONC removes the comments and trailing commas that tsconfig.json
// may have and JSON may not.
func stripJSONC(s string) string {
	return scanJSON(scanJSON(s, dropComment), dropTrailingComma)
}

// scanJSON copies s, outside its strings asking drop at each byte how many
// bytes to leave out there (0: keep the byte), and what to write instead.
func scanJSON(s string, drop func(s string, i int) (n int, instead string)) string {
	var b strings.Builder
	inString := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inString:
			b.WriteByte(c)
			if c == '\\' && i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			} else if c == '"' {
				inString = false
			}
			continue
		case c == '"':
			inString = true
		default:
			if n, instead := drop(s, i); n > 0 {
				b.WriteString(instead)
				i += n - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// dropComment drops a // comment (up to its line's end) or a /* */ comment
// (to the end of s when it is not closed).
func dropComment(s string, i int) (int, string) {
	switch {
	case strings.HasPrefix(s[i:], "//"):
		if end := strings.IndexByte(s[i:], '\n'); end >= 0 {
			return end, ""
		}
		return len(s) - i, ""
	case strings.HasPrefix(s[i:], "/*"):
		if end := strings.Index(s[i+2:], "*/"); end >= 0 {
			return end + 4, " "
		}
		return len(s) - i, ""
	}
	return 0, ""
}

// dropTrailingComma drops a comma followed only by white space and a
// closing bracket or brace.
func dropTrailingComma(s string, i int) (int, string) {
	if s[i] != ',' {
		return 0, ""
	}
	rest := strings.TrimLeft(s[i+1:], " \t\r\n")
	if rest != "" && (rest[0] == '}' || rest[0] == ']') {
		return 1, ""
	}
	return 0, ""
}

// extensions are tried, in order, for an import without one.
var extensions = []string{"", ".ts", ".tsx", ".js", ".mjs", ".json", "/index.ts", "/index.tsx", "/index.js"}

var loaders = map[string]api.Loader{
	".ts": api.LoaderTS, ".tsx": api.LoaderTSX, ".js": api.LoaderJS, ".mjs": api.LoaderJS,
	".jsx": api.LoaderJSX, ".json": api.LoaderJSON,
}

// bundle bundles the entry module and everything it imports from the tree
// into one script that sets the global atlasBoard, with an inline source
// map so that evaluation errors name the original file and line.
func bundle(t *treeFS, entry string) (string, error) {
	aliases, err := t.aliases()
	if err != nil {
		return "", err
	}
	var readErr error
	var readOnce sync.Once
	fail := func(err error) { readOnce.Do(func() { readErr = err }) }

	candidates := func(spec, importerDir string) []string {
		switch {
		case strings.HasPrefix(spec, "./") || strings.HasPrefix(spec, "../"):
			return []string{path.Join(importerDir, spec)}
		case strings.HasPrefix(spec, "/"):
			return []string{path.Clean(spec[1:])}
		}
		var out []string
		for _, a := range aliases {
			if strings.HasPrefix(spec, a.prefix) && strings.HasSuffix(spec, a.suffix) && len(spec) >= len(a.prefix)+len(a.suffix) {
				star := spec[len(a.prefix) : len(spec)-len(a.suffix)]
				for _, tg := range a.targets {
					out = append(out, path.Clean(strings.Replace(tg, "*", star, 1)))
				}
			}
		}
		return out
	}

	plugin := api.Plugin{
		Name: "atlas-git-tree",
		Setup: func(b api.PluginBuild) {
			b.OnResolve(api.OnResolveOptions{Filter: ".*"}, func(args api.OnResolveArgs) (api.OnResolveResult, error) {
				if args.Kind == api.ResolveEntryPoint {
					return api.OnResolveResult{Path: entryName, Namespace: namespace}, nil
				}
				dir := "."
				if args.Importer != entryName {
					dir = path.Dir(args.Importer)
				}
				for _, c := range candidates(args.Path, dir) {
					if strings.HasPrefix(c, "../") || c == ".." {
						continue // outside the repository
					}
					for _, ext := range extensions {
						_, ok, err := t.read(c + ext)
						if err != nil {
							fail(err)
							return api.OnResolveResult{}, err
						}
						if ok {
							return api.OnResolveResult{Path: c + ext, Namespace: namespace}, nil
						}
					}
				}
				return api.OnResolveResult{}, fmt.Errorf("cannot resolve %q: no such module in the commit (only the repository's own modules are read)", args.Path)
			})
			b.OnLoad(api.OnLoadOptions{Filter: ".*", Namespace: namespace}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				if args.Path == entryName {
					s := entry
					return api.OnLoadResult{Contents: &s, Loader: api.LoaderTS}, nil
				}
				s, ok, err := t.read(args.Path)
				if err != nil {
					fail(err)
					return api.OnLoadResult{}, err
				}
				if !ok {
					return api.OnLoadResult{}, fmt.Errorf("no file %s in the commit", args.Path)
				}
				loader, known := loaders[path.Ext(args.Path)]
				if !known {
					return api.OnLoadResult{}, fmt.Errorf("%s: not a module esbuild can load", args.Path)
				}
				return api.OnLoadResult{Contents: &s, Loader: loader}, nil
			})
		},
	}
	res := api.Build(api.BuildOptions{
		EntryPoints:    []string{entryName},
		Bundle:         true,
		Write:          false,
		Format:         api.FormatIIFE,
		GlobalName:     "atlasBoard",
		Platform:       api.PlatformNeutral,
		Target:         api.ES2017,
		Sourcemap:      api.SourceMapInline,
		SourcesContent: api.SourcesContentExclude,
		LogLevel:       api.LogLevelSilent,
		Plugins:        []api.Plugin{plugin},
	})
	if readErr != nil {
		return "", readErr
	}
	if len(res.Errors) > 0 {
		return "", bundleError(res.Errors[0])
	}
	if len(res.OutputFiles) != 1 {
		return "", &ModuleError{Message: fmt.Sprintf("esbuild wrote %d files, want 1", len(res.OutputFiles)), Stage: "bundle"}
	}
	return string(res.OutputFiles[0].Contents), nil
}

// bundleError is the ModuleError for esbuild's first error.
func bundleError(m api.Message) *ModuleError {
	e := &ModuleError{Message: m.Text, Stage: "bundle"}
	if l := m.Location; l != nil {
		e.File = strings.TrimPrefix(l.File, namespace+":")
		e.Line = l.Line
		e.Column = l.Column + 1
	}
	if e.File == entryName {
		e.File = "" // an import of the entry failed: the message says which
	}
	return e
}
