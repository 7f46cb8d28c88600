#!/usr/bin/env bash
# test_doc_refs.sh - the repository's citations of driver facts resolve.
#
#  1. No tracked file names the private notes folder ("shared" + "/"): users
#     who clone the project do not have it.  Driver facts are cited from
#     docs/driver/ (or docs/).
#  2. Outside docs/driver/, a page of docs/driver/ is cited with its path:
#     the bare page name before a section sign (the old notes' form) is an
#     error.
#  3. Every "docs/driver/PAGE.md §N" (inside docs/driver/ also "PAGE.md §N")
#     names an existing page and section; "§N item K" / "§N items K-L" /
#     "§N inv. K" an existing top-level numbered item of that section; "KN",
#     "UN", "QN" in the same citation an existing entry (**KN ...) of the page.
#
# Exit status 0 when everything resolves, 1 otherwise, with one
# "FILE:LINE: message" per bad citation on stdout.  Files are the tracked ones
# (git ls-files), or every file when the tree is not a git checkout.
set -u
top=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 1
command -v perl >/dev/null || { echo "perl not found" >&2; exit 77; }

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z
else
	find . -path ./.git -prune -o -path './build*' -prune -o -type f -print0 |
		sed -z 's|^\./||'
fi | perl -e '
use strict;
use warnings;

my @files = do { local $/ = "\0"; grep { length && -f } map { s/\0\z//r } <STDIN> };
my $nbad = 0;
sub bad { my ($f, $l, $m) = @_; print "$f:$l: $m\n"; $nbad++; }

# Index every docs/driver page: numbered sections, the top-level numbered
# items of each section, and **K1 / **U1 / **Q1 entries.
my %page;
for my $p (glob "docs/driver/*.md") {
	my ($name) = $p =~ m{([^/]+)\.md\z};
	open my $fh, "<", $p or die "$p: $!";
	my ($cur, %s) = (undef, sec => {}, item => {}, tag => {});
	my $fence = 0;
	while (my $line = <$fh>) {
		$fence = !$fence if $line =~ /^```/;
		next if $fence;
		if ($line =~ /^#{2,4}\s+(\d+(?:\.\d+)*)\.?\s/) {
			$cur = $1;
			$s{sec}{$cur} = 1;
			next;
		}
		$s{item}{$cur}{$1} = 1 if defined $cur && $line =~ /^(\d+)\.\s/;
		$s{tag}{$1} = 1 while $line =~ /\*\*([KUQ]\d+)\b/g;
	}
	$page{$name} = \%s;
}

my $SEP = qr{\s*(?:,|/|;|&|\+|\band\b|\bor\b|–|-)?\s*};
my $NOTES = "shared" . "/";

for my $f (@files) {
	next if $f =~ m{\.(png|jpe?g|gif|ico|pdf|gz|zip|bin)\z};
	open my $fh, "<", $f or next;
	my $in_driver = $f =~ m{^docs/driver/};
	my $ln = 0;
	while (my $line = <$fh>) {
		$ln++;
		bad($f, $ln, "cites the private notes folder (\"$NOTES\"); cite docs/driver/ instead")
			if index($line, $NOTES) >= 0;
		if (!$in_driver) {
			while ($line =~ m{(?<![\w/.-])((?:heap|proto|drm_mm|peers)\.md)`?\s?§}g) {
				bad($f, $ln, "bare \"$1 §\" citation: write docs/driver/$1");
			}
		}
		my $re = $in_driver
			? qr{(?<![\w/.-])(?:docs/driver/)?([\w-]+)\.md`?}
			: qr{docs/driver/([\w-]+)\.md`?};
		while ($line =~ /$re/g) {
			my $name = $1;
			my $pos = pos($line);
			my $rest = substr($line, $pos);
			next unless $rest =~ /^\s?§\s?\d/;
			if (!$page{$name}) {
				bad($f, $ln, "docs/driver/$name.md does not exist");
				next;
			}
			my $p = $page{$name};
			my $sec;
			while (1) {
				if ($rest =~ /^$SEP§\s?(\d+(?:\.\d+)*)(?!\.?\d)/) {
					$sec = $1;
					bad($f, $ln, "docs/driver/$name.md has no section $sec")
						unless $p->{sec}{$sec};
				} elsif (defined $sec
					 && $rest =~ /^$SEP(?:items?|inv\.?)\s*(\d+(?:\s*(?:[-–]|,|\band\b)\s*\d+\b)*)/) {
					for my $n ($1 =~ /(\d+)/g) {
						bad($f, $ln, "docs/driver/$name.md §$sec has no item $n")
							unless $p->{item}{$sec}{$n};
					}
				} elsif ($rest =~ /^$SEP([KUQ]\d+)\b/) {
					bad($f, $ln, "docs/driver/$name.md has no entry $1")
						unless $p->{tag}{$1};
				} else {
					last;
				}
				$rest = substr($rest, length $&);
			}
		}
	}
}
exit($nbad ? 1 : 0);
'
