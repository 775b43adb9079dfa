// Package atlastest builds fixture board repositories for tests: a handful
// of made-up people in the board's file layout (a tsconfig path alias, a
// barrel spreading two chunk files, profile overrides and vintages merged
// in src/lib/people.ts), committed with go-git in a temporary directory.
// None of it is the board's data.
package atlastest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-billy/v5/memfs"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

const fixtureTSConfig = `{
  // comments and trailing commas, as tsconfig allows
  "compilerOptions": {
    "strict": true,
    "baseUrl": "./src",
    "paths": { "@/*": ["./*"], },
  },
}
`

const fixtureTypes = `export type QuoteFidelity = "direct" | "paraphrase-faithful" | "paraphrase-loose" | "summary";
export interface Source { title: string; url: string; medium: string; publisher?: string; date?: string; videoId?: string; videoPlatform?: "youtube" | "vimeo"; startSeconds?: number; archiveUrl?: string }
export interface Quote { text: string; date?: string; fidelity: QuoteFidelity; context?: string; source: Source }
export interface StrategyPosition { strategyId: string; stance: string; summary: string; quotes: Quote[]; tentative?: boolean }
export interface Profile { expertise: string; expertiseNote: string; recognition: string; recognitionNote: string; vintage?: string; vintageNote?: string }
export interface Person { id: string; name: string; tagline?: string; summary: string; categories: string[]; affiliations: { org: string; role?: string; start?: string; end?: string; current?: boolean }[]; homepage?: string; wikipedia?: string; twitter?: string; positions: StrategyPosition[]; pDoom?: { value: number | [number, number]; definition?: string; date?: string; source: Source }[]; timelines?: { milestone: string; year?: number; range?: [number, number]; probability?: number; date?: string; source: Source }[]; profile?: Profile; lastUpdated?: string }
`

const fixturePeopleLib = `import { people as basePeople } from "@/data/people";
import { people as groupA } from "@/data/people-a";
import { profileOverrides } from "@/data/profile-overrides";
import { profileVintages } from "@/data/profile-vintages";
import type { Person } from "./people-types";

const rawPeople: Person[] = [...basePeople, ...groupA];

export const people: Person[] = rawPeople.map((p) => {
  const baseProfile = p.profile ?? profileOverrides[p.id];
  const vintage = profileVintages[p.id];
  if (!baseProfile && !vintage) return p;
  const profile = baseProfile
    ? { ...baseProfile, vintage: baseProfile.vintage ?? vintage?.vintage, vintageNote: baseProfile.vintageNote ?? vintage?.vintageNote }
    : undefined;
  return { ...p, profile };
});

const byId = new Map(people.map((p) => [p.id, p]));
export function getPerson(id: string): Person | undefined { return byId.get(id); }
`

const fixtureTags = `export interface StrategyTag { id: string; name: string; oneLine: string; aka?: string[] }
export const strategyTags: StrategyTag[] = [
  { id: "pause", name: "Pause", oneLine: "Halt frontier training until alignment catches up", aka: ["moratorium"] },
  { id: "open-source-maximalism", name: "Open source", oneLine: "Release weights widely; transparency beats closed safety", aka: ["open weights"] },
  { id: "RSP-style", name: "RSP-style commitments", oneLine: "Labs commit to capability-tied safety" },
];
`

const fixtureLibTypes = `export interface Strategy { id: string; name: string; bet: string; mechanism: string; conflictsWith: string[]; complementsWith: string[] }
`

const fixtureStrategies = `import type { Strategy } from "@/lib/types";
export const strategies: Strategy[] = [
  { id: "pause", name: "Pause", bet: "Time is the constraint.", mechanism: "Halt training.", conflictsWith: ["open-source-maximalism"], complementsWith: [] },
  { id: "open-source-maximalism", name: "Open source maximalism", bet: "Openness wins.", mechanism: "Release weights.", conflictsWith: ["pause"], complementsWith: [] },
];
`

const fixtureBridge = `export const tagToStrategyId: Record<string, string | null> = {
  pause: "pause",
  "open-source-maximalism": "open-source-maximalism",
  "RSP-style": null,
};
`

const fixtureBasePeople = `import type { Person } from "@/lib/people-types";
export const people: Person[] = [
  {
    id: "ada-quill",
    name: "Ada Quill",
    tagline: "Fixture lab founder",
    summary: "A fixture person who builds frontier systems.",
    categories: ["founder", "researcher"],
    affiliations: [{ org: "Quill Labs", role: "CEO", start: "2019", current: true }],
    homepage: "https://example.org/ada",
    twitter: "adaquill",
    lastUpdated: "2026-04-24",
    profile: {
      expertise: "frontier-builder",
      expertiseNote: "Trained two fixture models.",
      recognition: "field-leading",
      recognitionNote: "Cited across the fixture field.",
    },
    pDoom: [{ value: [0.1, 0.2], definition: "extinction by 2100", date: "2024-05", source: { title: "Fixture podcast", url: "https://example.org/pod", medium: "podcast", publisher: "Fixture FM" } }],
    timelines: [{ milestone: "AGI", range: [2030, 2035], probability: 0.5, date: "2024", source: { title: "Fixture post", url: "https://example.org/post", medium: "blog" } }],
    positions: [
      {
        strategyId: "pause",
        stance: "endorses",
        summary: "Argues a pause buys time for alignment.",
        quotes: [
          { text: "We should stop and think.", date: "2024-03-01", fidelity: "direct", context: "On a panel.", source: { title: "Fixture talk", url: "https://example.org/talk", medium: "video", publisher: "Fixture Conf", date: "2024-03-01", videoId: "abc123", videoPlatform: "youtube", startSeconds: 95, archiveUrl: "https://archive.example.org/talk" } },
          { text: "A pause, she argues, is cheap insurance.", fidelity: "paraphrase-faithful", source: { title: "Fixture interview", url: "https://example.org/int", medium: "article", publisher: "Fixture Times", date: "2024" } },
        ],
      },
      {
        strategyId: "open-source-maximalism",
        stance: "evolved-away",
        summary: "Once released weights; now thinks frontier weights should stay closed.",
        quotes: [
          { text: "The board's summary: moved from open release to closed frontier weights.", fidelity: "summary", source: { title: "Fixture profile", url: "https://example.org/profile", medium: "article" } },
        ],
      },
    ],
  },
  {
    id: "bo-ren",
    name: "Bo Ren",
    summary: "A fixture economist.",
    categories: ["economist"],
    affiliations: [],
    positions: [
      {
        strategyId: "open-source-maximalism",
        stance: "endorses",
        summary: "Mentions open models in passing.",
        tentative: true,
        quotes: [{ text: "Open models seem fine to me.", fidelity: "paraphrase-loose", source: { title: "Fixture tweet", url: "https://example.org/t/1", medium: "tweet", date: "2025-01-02" } }],
      },
    ],
  },
];
`

const fixturePeopleA = `import type { Person } from "@/lib/people-types";
import { people as chunk01 } from "./people-a-01";
import { people as chunk02 } from "./people-a-02";
export const people: Person[] = [...chunk01, ...chunk02];
`

const fixtureChunk01 = `import type { Person } from "@/lib/people-types";
export const people: Person[] = [
  {
    id: "cy-dorn",
    name: "Cy Dorn",
    tagline: "Fixture historian of science",
    summary: "A fixture historian.",
    categories: ["academic"],
    affiliations: [{ org: "Fixture University", role: "Professor", current: true }],
    wikipedia: "https://en.wikipedia.org/wiki/Fixture",
    positions: [
      {
        strategyId: "pause",
        stance: "mixed",
        summary: "Sympathetic to a pause but doubts it holds.",
        quotes: [{ text: "A pause would not hold for long.", fidelity: "direct", source: { title: "Fixture essay", url: "https://example.org/essay", medium: "blog", date: "2023-11" } }],
      },
      {
        strategyId: "RSP-style",
        stance: "conditional",
        summary: "Supports commitments if audited.",
        quotes: [],
      },
    ],
  },
];
`

const fixtureChunk02 = `import type { Person } from "@/lib/people-types";
export const people: Person[] = [
  {
    id: "clem-delangue",
    name: "Clément Delangue",
    tagline: "Fixture open-model CEO",
    summary: "A fixture CEO.",
    categories: ["executive"],
    affiliations: [],
    positions: [
      {
        strategyId: "open-source-maximalism",
        stance: "endorses",
        summary: "Argues open models are safer.",
        quotes: [{ text: "Open is the way.", fidelity: "direct", source: { title: "Fixture keynote", url: "https://example.org/keynote", medium: "talk", date: "2024-06-10" } }],
      },
    ],
  },
];
`

const fixtureOverrides = `import type { Profile } from "@/lib/people-types";
export const profileOverrides: Record<string, Profile> = {
  "cy-dorn": {
    expertise: "external-domain",
    expertiseNote: "Historian of science.",
    recognition: "established",
    recognitionNote: "Known in the fixture subfield.",
  },
};
`

const fixtureVintages = `export interface VintageEntry { vintage: string; vintageNote: string }
export const profileVintages: Record<string, VintageEntry> = {
  "cy-dorn": { vintage: "deep-learning", vintageNote: "Wrote on AlexNet in 2012." },
  "ada-quill": { vintage: "scaling-era", vintageNote: "Founded Quill Labs in 2019." },
};
`

// V1 is the fixture board's first commit: four people (Ada Quill,
// profiled in her file, with a p(doom) range, a timeline, a video quote, a
// summary-fidelity quote and an evolved-away position; Bo Ren with a
// tentative position; Cy Dorn, profiled by the overrides with an
// external-domain tier and a deep-learning vintage; Clément Delangue, the
// seed's Clément under the board's id clem-delangue), three tags (one,
// "RSP-style", no slug), two canonical strategies. Paths -> contents.
func V1() map[string]string {
	return map[string]string{
		"tsconfig.json":                   fixtureTSConfig,
		"README.md":                       "# fixture board\n",
		"src/lib/people-types.ts":         fixtureTypes,
		"src/lib/types.ts":                fixtureLibTypes,
		"src/lib/people.ts":               fixturePeopleLib,
		"src/lib/strategy-tags.ts":        fixtureTags,
		"src/data/strategies.ts":          fixtureStrategies,
		"src/data/strategy-tag-bridge.ts": fixtureBridge,
		"src/data/people.ts":              fixtureBasePeople,
		"src/data/people-a.ts":            fixturePeopleA,
		"src/data/people-a-01.ts":         fixtureChunk01,
		"src/data/people-a-02.ts":         fixtureChunk02,
		"src/data/profile-overrides.ts":   fixtureOverrides,
		"src/data/profile-vintages.ts":    fixtureVintages,
	}
}

// V2 is the second commit: Bo Ren's tentative position is removed (with
// its quote), Cy Dorn's pause stance changes from mixed to opposes, and
// Clément Delangue gains a position on pause with a quote.
func V2() map[string]string {
	files := V1()
	files["src/data/people.ts"] = Replace(fixtureBasePeople, `    positions: [
      {
        strategyId: "open-source-maximalism",
        stance: "endorses",
        summary: "Mentions open models in passing.",
        tentative: true,
        quotes: [{ text: "Open models seem fine to me.", fidelity: "paraphrase-loose", source: { title: "Fixture tweet", url: "https://example.org/t/1", medium: "tweet", date: "2025-01-02" } }],
      },
    ],`, `    positions: [],`)
	files["src/data/people-a-01.ts"] = Replace(fixtureChunk01, `stance: "mixed"`, `stance: "opposes"`)
	files["src/data/people-a-02.ts"] = Replace(fixtureChunk02, `        quotes: [{ text: "Open is the way.", fidelity: "direct", source: { title: "Fixture keynote", url: "https://example.org/keynote", medium: "talk", date: "2024-06-10" } }],
      },`, `        quotes: [{ text: "Open is the way.", fidelity: "direct", source: { title: "Fixture keynote", url: "https://example.org/keynote", medium: "talk", date: "2024-06-10" } }],
      },
      {
        strategyId: "pause",
        stance: "opposes",
        summary: "Argues a pause hands the lead to closed labs.",
        quotes: [{ text: "Pausing only helps the incumbents.", fidelity: "paraphrase-faithful", source: { title: "Fixture op-ed", url: "https://example.org/oped", medium: "article", date: "2025-02" } }],
      },`)
	return files
}

// V3 follows V2: Bo Ren is merged into Cy Dorn (her id disappears, the
// position V1 gave her reappears under cy-dorn).
func V3() map[string]string {
	files := V2()
	files["src/data/people.ts"] = Replace(files["src/data/people.ts"], `  {
    id: "bo-ren",
    name: "Bo Ren",
    summary: "A fixture economist.",
    categories: ["economist"],
    affiliations: [],
    positions: [],
  },
`, "")
	files["src/data/people-a-01.ts"] = Replace(files["src/data/people-a-01.ts"], `      {
        strategyId: "RSP-style",`, `      {
        strategyId: "open-source-maximalism",
        stance: "endorses",
        summary: "Mentions open models in passing.",
        tentative: true,
        quotes: [{ text: "Open models seem fine to me.", fidelity: "paraphrase-loose", source: { title: "Fixture tweet", url: "https://example.org/t/1", medium: "tweet", date: "2025-01-02" } }],
      },
      {
        strategyId: "RSP-style",`)
	return files
}

// Replace replaces the first old in s by new; s must hold old.
func Replace(s, old, new string) string {
	if !strings.Contains(s, old) {
		panic("fixture: no " + old)
	}
	return strings.Replace(s, old, new, 1)
}

// Time is the first fixture commit's time; each next commit is a day later.
var Time = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// Repo builds a repository in a new temporary directory with one commit
// per file set, in order, and returns its path. A bare repository holds
// only the object store, as a mirror does; otherwise it is a working tree.
func Repo(t testing.TB, bare bool, commits ...map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	var (
		r   *git.Repository
		err error
	)
	if bare {
		r, err = git.Init(filesystem.NewStorage(osfs.New(dir), cache.NewObjectLRUDefault()), memfs.New())
	} else {
		r, err = git.PlainInit(dir, false)
	}
	if err != nil {
		t.Fatal(err)
	}
	for n, files := range commits {
		commit(t, r, files, Time.Add(time.Duration(n)*24*time.Hour))
	}
	return dir
}

// Append adds a commit holding files (and nothing else) to the repository
// at dir, a day after its head.
func Append(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	r, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Worktree(); errors.Is(err, git.ErrIsBareRepository) {
		// a bare repository: check its head out in memory
		if r, err = git.Open(filesystem.NewStorage(osfs.New(dir), cache.NewObjectLRUDefault()), memfs.New()); err != nil {
			t.Fatal(err)
		}
		wt, err := r.Worktree()
		if err != nil {
			t.Fatal(err)
		}
		if err := wt.Reset(&git.ResetOptions{Mode: git.HardReset}); err != nil {
			t.Fatal(err)
		}
	}
	head, err := r.Head()
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.CommitObject(head.Hash())
	if err != nil {
		t.Fatal(err)
	}
	commit(t, r, files, c.Committer.When.Add(24*time.Hour))
}

// commit makes the work tree hold exactly files and commits it at when.
func commit(t testing.TB, r *git.Repository, files map[string]string, when time.Time) {
	t.Helper()
	wt, err := r.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if head, err := r.Head(); err == nil { // remove what the last commit held and files do not
		c, err := r.CommitObject(head.Hash())
		if err != nil {
			t.Fatal(err)
		}
		tree, err := c.Tree()
		if err != nil {
			t.Fatal(err)
		}
		err = tree.Files().ForEach(func(f *object.File) error {
			if _, keep := files[f.Name]; !keep {
				_, err := wt.Remove(f.Name)
				return err
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, content := range files {
		if err := writeFile(wt, name, content); err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add(name); err != nil {
			t.Fatal(err)
		}
	}
	sig := &object.Signature{Name: "Fixture", Email: "fixture@example.org", When: when}
	if _, err := wt.Commit("fixture commit", &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true}); err != nil {
		t.Fatal(err)
	}
}

func writeFile(wt *git.Worktree, name, content string) error {
	if err := wt.Filesystem.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := wt.Filesystem.OpenFile(name, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write([]byte(content)); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
