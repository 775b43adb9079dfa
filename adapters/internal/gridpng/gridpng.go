// Package gridpng draws a strategy's tier grid (expertise × recognition) as
// a PNG picture: the board's labels, the people's names in their cells,
// opposers marked, and each cell shaded by how many people it holds. The
// text grid stays on every card as the fallback and for screen readers.
package gridpng

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"sync"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/stancebot/stancebot/adapters/internal/card"
)

// FileName is the name the adapters give the picture when they attach it.
const FileName = "tier-grid.png"

// Picture sizes, in pixels.
const (
	margin     = 16
	titleH     = 34
	headerH    = 40
	legendH    = 28
	labelW     = 180 // the expertise labels' column
	cellW      = 190
	lineH      = 18
	cellPad    = 8
	minCellH   = 2*cellPad + 2*lineH
	fontSize   = 13
	titleSize  = 16
	opposerTag = "× "
)

// Colours.
var (
	background = color.White
	ink        = color.RGBA{0x22, 0x22, 0x22, 0xff}
	muted      = color.RGBA{0x66, 0x66, 0x66, 0xff}
	opposerInk = color.RGBA{0xb0, 0x1e, 0x1e, 0xff}
	gridLine   = color.RGBA{0xcc, 0xcc, 0xcc, 0xff}
	emptyCell  = color.RGBA{0xf7, 0xf7, 0xf7, 0xff}
	fullCell   = color.RGBA{0x58, 0x65, 0xf2, 0xff} // the densest cell
)

// Layout is where Draw puts things: the picture's size and each cell's
// rectangle, Cells[row][col].
type Layout struct {
	Width, Height int
	Cells         [][]image.Rectangle
}

// Lay computes the layout of g: every row as tall as its fullest cell.
func Lay(g card.Grid) Layout {
	l := Layout{Width: 2*margin + labelW + len(g.Cols)*cellW}
	y := margin + titleH + headerH
	for _, r := range g.Rows {
		h := minCellH
		for _, c := range r.Cells {
			h = max(h, 2*cellPad+lines(c)*lineH)
		}
		row := make([]image.Rectangle, len(r.Cells))
		for j := range r.Cells {
			x := margin + labelW + j*cellW
			row[j] = image.Rect(x, y, x+cellW, y+h)
		}
		l.Cells = append(l.Cells, row)
		y += h
	}
	l.Height = y + legendH + margin
	return l
}

// lines is how many lines a cell's text takes: a name each, and one for
// the unnamed count.
func lines(c card.Cell) int {
	n := len(c.Names)
	if c.Unnamed > 0 {
		n++
	}
	return n
}

// Shade is the fill of a cell holding n people when the fullest holds most:
// from a light grey when empty to the card colour at the densest.
func Shade(n, most int) color.RGBA {
	if n <= 0 || most <= 0 {
		return emptyCell
	}
	t := 0.25 + 0.75*float64(n)/float64(most)
	mix := func(a, b uint8) uint8 { return uint8(float64(a) + t*(float64(b)-float64(a)) + 0.5) }
	lo := color.RGBA{0xe8, 0xea, 0xfd, 0xff}
	return color.RGBA{mix(lo.R, fullCell.R), mix(lo.G, fullCell.G), mix(lo.B, fullCell.B), 0xff}
}

// Draw renders g as a PNG, headed by the title of its card (the strategy)
// and "expertise × recognition".
func Draw(g card.Grid, cardTitle string) ([]byte, error) {
	title := cardTitle + " · expertise × recognition"
	faces, err := loadFaces()
	if err != nil {
		return nil, err
	}
	l := Lay(g)
	dc := gg.NewContext(l.Width, l.Height)
	dc.SetColor(background)
	dc.Clear()

	dc.SetFontFace(faces.title)
	dc.SetColor(ink)
	dc.DrawStringAnchored(fit(dc, title, float64(l.Width-2*margin)), margin, margin+titleH/2, 0, 0.5)

	dc.SetFontFace(faces.bold)
	top := float64(margin + titleH)
	dc.SetColor(muted)
	dc.DrawStringAnchored("expertise ↓  recognition →", margin, top+headerH/2, 0, 0.5)
	dc.SetColor(ink)
	for j, c := range g.Cols {
		x := float64(margin + labelW + j*cellW)
		dc.DrawStringAnchored(fit(dc, c, cellW-2*cellPad), x+cellW/2, top+headerH/2, 0.5, 0.5)
	}

	most := g.Max()
	for i, r := range g.Rows {
		rect := l.Cells[i]
		if len(rect) == 0 {
			continue
		}
		y0, y1 := float64(rect[0].Min.Y), float64(rect[0].Max.Y)
		dc.SetFontFace(faces.bold)
		dc.SetColor(ink)
		dc.DrawStringAnchored(fit(dc, r.Label, labelW-cellPad), margin, (y0+y1)/2, 0, 0.5)
		dc.SetFontFace(faces.regular)
		for j, c := range r.Cells {
			cr := rect[j]
			dc.SetColor(Shade(c.Count(), most))
			dc.DrawRectangle(float64(cr.Min.X), y0, cellW, y1-y0)
			dc.Fill()
			dark := c.Count() > 0 && float64(c.Count())/float64(most) > 0.6
			for k, n := range c.Names {
				name, col := n.Name, color.Color(ink)
				if dark {
					col = color.White
				}
				if n.Opposer {
					name, col = opposerTag+name, opposerInk
					if dark {
						col = color.RGBA{0xff, 0xd6, 0xd6, 0xff}
					}
				}
				dc.SetColor(col)
				dc.DrawStringAnchored(fit(dc, name, cellW-2*cellPad), float64(cr.Min.X+cellPad), y0+cellPad+float64(k)*lineH+lineH/2, 0, 0.5)
			}
			if u := c.UnnamedText(); u != "" {
				dc.SetColor(muted)
				if dark {
					dc.SetColor(color.White)
				}
				dc.DrawStringAnchored("+ "+u, float64(cr.Min.X+cellPad), y0+cellPad+float64(len(c.Names))*lineH+lineH/2, 0, 0.5)
			}
		}
	}

	dc.SetColor(gridLine)
	dc.SetLineWidth(1)
	bottom := float64(l.Height - margin - legendH)
	for j := 0; j <= len(g.Cols); j++ {
		x := float64(margin+labelW+j*cellW) + 0.5
		dc.DrawLine(x, top, x, bottom)
	}
	dc.DrawLine(margin, top+headerH+0.5, float64(l.Width-margin), top+headerH+0.5)
	for _, row := range l.Cells {
		if len(row) > 0 {
			y := float64(row[0].Max.Y) + 0.5
			dc.DrawLine(margin, y, float64(l.Width-margin), y)
		}
	}
	dc.Stroke()

	dc.SetFontFace(faces.regular)
	dc.SetColor(muted)
	dc.DrawStringAnchored(opposerTag+"marks an opposer · darker cells hold more people", margin, bottom+legendH/2, 0, 0.5)

	var buf bytes.Buffer
	if err := png.Encode(&buf, dc.Image()); err != nil {
		return nil, fmt.Errorf("encode grid picture: %w", err)
	}
	return buf.Bytes(), nil
}

// fit shortens s with an ellipsis until it is at most w pixels wide.
func fit(dc *gg.Context, s string, w float64) string {
	if tw, _ := dc.MeasureString(s); tw <= w {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		t := string(rs[:n]) + "…"
		if tw, _ := dc.MeasureString(t); tw <= w {
			return t
		}
	}
	return "…"
}

type fontFaces struct{ regular, bold, title font.Face }

var (
	fontsOnce       sync.Once
	regular, bolder *truetype.Font
	fontsErr        error
)

// loadFaces returns new faces of the Go fonts, parsed once: a face caches
// glyphs and is not safe for concurrent use, so every picture has its own.
func loadFaces() (fontFaces, error) {
	fontsOnce.Do(func() {
		if regular, fontsErr = truetype.Parse(goregular.TTF); fontsErr != nil {
			fontsErr = fmt.Errorf("parse the Go regular font: %w", fontsErr)
			return
		}
		if bolder, fontsErr = truetype.Parse(gobold.TTF); fontsErr != nil {
			fontsErr = fmt.Errorf("parse the Go bold font: %w", fontsErr)
		}
	})
	if fontsErr != nil {
		return fontFaces{}, fontsErr
	}
	return fontFaces{
		regular: truetype.NewFace(regular, &truetype.Options{Size: fontSize}),
		bold:    truetype.NewFace(bolder, &truetype.Options{Size: fontSize}),
		title:   truetype.NewFace(bolder, &truetype.Options{Size: titleSize}),
	}, nil
}
