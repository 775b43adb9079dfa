package gridpng

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"

	"github.com/stancebot/stancebot/adapters/internal/card"
	"github.com/stancebot/stancebot/bot"
)

func testGrid() card.Grid {
	return card.GridOf(bot.TierGrid{
		Rows: bot.Expertises,
		Cols: bot.Recognitions,
		Cells: [][][]bot.Face{
			{{{Name: "Tim Berners-Lee"}, {Name: "Yann LeCun"}, {Name: "A Person With A Very Long Name Indeed"}}},
			{{{Name: "Andrew Ng"}}, {{Name: "Jeremy Howard"}, {Name: "Yoshua Bengio", Opposer: true}}},
		},
		Unnamed: [][]int{nil, nil, {0, 0, 3}},
	})
}

// TestDraw decodes the picture and checks its structure: the layout's size,
// shaded cells where there are people (darker where more), the empty cells
// light, and ink in the cells that hold names.
func TestDraw(t *testing.T) {
	g := testGrid()
	raw, err := Draw(g, "Open source")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	l := Lay(g)
	if b := img.Bounds(); b.Dx() != l.Width || b.Dy() != l.Height {
		t.Fatalf("picture %v, layout %dx%d", b, l.Width, l.Height)
	}
	if len(l.Cells) != len(bot.Expertises) || len(l.Cells[0]) != len(bot.Recognitions) {
		t.Fatalf("layout of %d rows", len(l.Cells))
	}
	if h := l.Cells[0][0].Dy(); h < 3*lineH {
		t.Errorf("a cell of three names is %d px tall", h)
	}
	most := g.Max()
	for i, row := range g.Rows {
		for j, c := range row.Cells {
			r := l.Cells[i][j]
			corner := img.At(r.Max.X-3, r.Max.Y-3) // inside the cell, away from the names
			if want := Shade(c.Count(), most); !same(corner, want) {
				t.Errorf("cell %s × %s (%d people): shade %v, want %v", row.Label, g.Cols[j], c.Count(), corner, want)
			}
			if inked := hasInk(img, r, Shade(c.Count(), most)); inked != (c.Count() > 0) {
				t.Errorf("cell %s × %s (%d people): names drawn %v", row.Label, g.Cols[j], c.Count(), inked)
			}
		}
	}
	if !darker(Shade(2, 3), Shade(1, 3)) || !darker(Shade(1, 3), Shade(0, 3)) {
		t.Error("fuller cells are not darker")
	}
	if os.Getenv("GRIDPNG_OUT") != "" {
		if err := os.WriteFile(os.Getenv("GRIDPNG_OUT"), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDrawEmptyGrid(t *testing.T) {
	g := card.GridOf(bot.TierGrid{Rows: bot.Expertises, Cols: bot.Recognitions})
	raw, err := Draw(g, "Nobody yet")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
}

func same(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	return uint8(r>>8) == want.R && uint8(g>>8) == want.G && uint8(b>>8) == want.B
}

func darker(a, b color.RGBA) bool { return int(a.R)+int(a.G)+int(a.B) < int(b.R)+int(b.G)+int(b.B) }

// hasInk reports whether any pixel inside r (grid lines excluded) differs
// from the cell's fill.
func hasInk(img image.Image, r image.Rectangle, fill color.RGBA) bool {
	for y := r.Min.Y + 2; y < r.Max.Y-2; y++ {
		for x := r.Min.X + 2; x < r.Max.X-2; x++ {
			if !same(img.At(x, y), fill) {
				return true
			}
		}
	}
	return false
}
