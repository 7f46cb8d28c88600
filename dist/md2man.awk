# md2man.awk - the subset of Markdown that scenarios/README.md uses, as a
# man page (xdnasim-scenario(5)): headings, paragraphs, bullet and numbered
# lists, fenced code, tables (one .TP entry per row: the first cell is the
# tag, the other cells follow as "header: value"), `code`, **bold**,
# *emphasis* and [links](...).  Variables: title, section, version, name
# (the NAME line).  Usage:
#   awk -v title=X -v section=5 -v version=V -v name='...' -f md2man.awk FILE.md

function esc(s) {
	gsub(/\\/, "\\e", s)
	gsub(/-/, "\\-", s)
	gsub(/≥/, "\\(>=", s); gsub(/≤/, "\\(<=", s); gsub(/…/, "...", s)
	gsub(/×/, "\\(mu", s); gsub(/→/, "\\(->", s); gsub(/§/, "\\(sc", s)
	gsub(/⌊/, "\\(lf", s); gsub(/⌋/, "\\(rf", s); gsub(/—/, "\\(em", s)
	gsub(/–/, "\\(en", s)
	return s
}

# inline markup of one line of text (not code blocks)
function inl(s,    out, n, i, parts, t, m) {
	gsub(/\\\|/, "|", s)
	while (match(s, /\[[^]]*\]\([^)]*\)/)) {
		m = substr(s, RSTART + 1, RLENGTH - 1)
		sub(/\]\(.*$/, "", m)
		s = substr(s, 1, RSTART - 1) m substr(s, RSTART + RLENGTH)
	}
	n = split(s, parts, "`")
	out = ""
	for (i = 1; i <= n; i++) {
		t = esc(parts[i])
		if (i % 2 == 0 && i < n) {
			out = out "\\fB" t "\\fR"
			continue
		}
		if (i % 2 == 0)
			t = "`" t	# unbalanced backtick: keep it
		t = wrap(t, "\\*\\*[^*]+\\*\\*", 2, "\\fB")
		t = wrap(t, "\\*[^* ][^*]*\\*", 1, "\\fI")
		out = out t
	}
	return out
}

# wrap - each match of @re in @t, minus @k marker characters at both ends,
# set in font @font (then back to roman).
function wrap(t, re, k, font,    out) {
	out = ""
	while (match(t, re)) {
		out = out substr(t, 1, RSTART - 1) font substr(t, RSTART + k, RLENGTH - 2 * k) "\\fR"
		t = substr(t, RSTART + RLENGTH)
	}
	return out t
}

function line(s) {
	if (s ~ /^[.']/)
		s = "\\&" s
	print s
}

function para() {
	if (!inpara) {
		print ".PP"
		inpara = 1
	}
}

function cells(s, arr,    n, i) {
	gsub(/\\\|/, "\001", s)
	sub(/^ *\| */, "", s)
	sub(/ *\| *$/, "", s)
	n = split(s, arr, / *\| */)
	for (i = 1; i <= n; i++)
		gsub(/\001/, "\\|", arr[i])
	return n
}

BEGIN {
	printf ".TH %s %s \"\" \"xdnasim %s\" \"xdnasim manual\"\n", toupper(title), section, version
	print ".SH NAME"
	print esc(name)
	print ".SH DESCRIPTION"
	code = 0; inpara = 0; intable = 0; first = 1
}

/^```/ {
	if (!code) {
		print ".PP"
		print ".RS 4"
		print ".nf"
	} else {
		print ".fi"
		print ".RE"
	}
	code = !code; inpara = 0
	next
}
code { line(esc($0)); next }

/^# / { next }	# the document title: NAME says it
/^## Contents$/ { skip = 1; next }
/^#/ { skip = 0 }
skip { next }
/^## / { sub(/^## /, ""); print ".SH " toupper(inl($0)); inpara = 0; intable = 0; next }
/^### / { sub(/^### /, ""); print ".SS " inl($0); inpara = 0; intable = 0; next }

/^\|/ {
	if (!intable) {
		nh = cells($0, hdr)
		intable = 1
		next
	}
	if ($0 ~ /^\|[-|: ]+\|$/)
		next
	n = cells($0, c)
	print ".TP"
	line(inl(c[1]))
	rest = ""
	for (i = 2; i < n; i++)
		if (c[i] != "")
			rest = rest (rest == "" ? "" : "; ") hdr[i] ": " c[i]
	if (rest != "") {
		line(inl(rest))
		if (n > 1 && c[n] != "")
			print ".br"
	}
	if (n > 1 && c[n] != "")
		line(inl(hdr[n] ~ /^(meaning|what|what it does)$/ ? c[n] : hdr[n] ": " c[n]))
	inpara = 1
	next
}
{ intable = 0 }

/^$/ { inpara = 0; next }

/^[-*] / {
	sub(/^[-*] /, "")
	print ".IP \\(bu 2"
	line(inl($0))
	inpara = 1
	next
}
/^[0-9]+\. / {
	num = $1
	sub(/^[0-9]+\. /, "")
	print ".IP " num " 4"
	line(inl($0))
	inpara = 1
	next
}
{
	para()
	s = $0
	sub(/^ +/, "", s)
	line(inl(s))
}
