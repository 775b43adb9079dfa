package bot

import (
	"fmt"
	"math"
	"strconv"
)

// pager cuts n items into pages of size per, and parses the page option.
type pager struct {
	page, pages, per, n int
}

// pageNumber is the page the option value asks for: 1 when empty, 0 when
// it is not a number from 1 on.
func pageNumber(option string) int {
	if option == "" {
		return 1
	}
	v, err := strconv.Atoi(option)
	if err != nil || v < 1 {
		return 0
	}
	return v
}

// pageOffset is the index of the first item of the page the option value
// asks for, in pages of per items, for a read made before the number of
// items is known; 0 for a page no number of items has (newPager refuses
// it once the number is known).
func pageOffset(option string, per int) int {
	v := pageNumber(option)
	if v < 1 || v-1 > math.MaxInt/per {
		return 0
	}
	return (v - 1) * per
}

// newPager returns the pager for the page option value (1 when empty); a
// page that is not a number or out of range is an EINVALID error.
func newPager(option string, n, per int) (pager, error) {
	p := pager{page: 1, pages: max(1, (n+per-1)/per), per: per, n: n}
	v := pageNumber(option)
	if v < 1 || v > p.pages {
		if p.pages == 1 {
			return p, Errorf(EINVALID, "There is no page %q: this answer has only page 1.", Echo(option, 8))
		}
		return p, Errorf(EINVALID, "There is no page %q: pages go from 1 to %d.", Echo(option, 8), p.pages)
	}
	p.page = v
	return p, nil
}

// bounds are the half-open item range of the current page.
func (p pager) bounds() (lo, hi int) {
	lo = (p.page - 1) * p.per
	return min(lo, p.n), min(lo+p.per, p.n)
}

// apply sets the reply's page fields and previous/next actions; command is
// the command line without its page option. Actions that would not fit in
// room bytes (Request.ActionRoom) are left out.
func (p pager) apply(r *Reply, command string, room int) {
	if p.pages <= 1 {
		return
	}
	r.Page, r.Pages = p.page, p.pages
	add := func(label string, page int) {
		r.addAction(label, fmt.Sprintf("%s page:%d", command, page), room)
	}
	if p.page > 1 {
		add("previous page", p.page-1)
	}
	if p.page < p.pages {
		add("next page", p.page+1)
	}
}

// rangeText describes the current page's items: "9–16 of 38".
func (p pager) rangeText() string {
	lo, hi := p.bounds()
	if hi-lo == 1 {
		return fmt.Sprintf("%d of %d", hi, p.n)
	}
	return fmt.Sprintf("%d–%d of %d", lo+1, hi, p.n)
}
