#!/usr/bin/env bash
# The round's overview and the findings export as CSV and .xlsx (docs/report.md):
# byte-exact CSV golden files (BOM, semicolons, CRLF), every .xlsx cell with its
# number format read back (tests/cli/xlsx_cells.py), and LibreOffice opening the
# .xlsx headless without a repair. A batch of every sample plus a broken file.
# To accept a deliberate change: BUDGETCHECK_UPDATE_GOLDEN=1 and review the diff.
# $1 = budgetcheck binary, $2 = repo root.
. "$(dirname "$0")/lib.bash" "$@"
golden="$root/tests/golden/spreadsheets"

# Compares a produced file with its golden file, byte for byte.
same() {  # name produced
    if [ -n "${BUDGETCHECK_UPDATE_GOLDEN:-}" ]; then mkdir -p "$golden"; cp "$2" "$golden/$1"; fi
    if cmp -s "$2" "$golden/$1"; then pass; else fail "$1 differs from tests/golden/spreadsheets/$1"; diff <(cat -A "$golden/$1") <(cat -A "$2") | head -20; fi
}

mkdir -p "$tmp/runda"
cp "$root"/samples/*.json "$tmp/runda/"
printf '{"organisation": {"name": "Trasig"},\n  "budget_year": 2024,,\n}\n' > "$tmp/runda/trasig.json"
cd "$tmp"

"$bin" validate runda --format html --output rapport.html --format overview --output oversikt.html \
    --format overview-csv --output oversikt.csv --format overview-xlsx --output oversikt.xlsx \
    --format findings-csv --output fynd.csv --format findings-xlsx --output fynd.xlsx 2>/dev/null
code=$?
[ "$code" = 2 ] && pass || fail "a batch with a broken file exits 2, got $code"
"$bin" validate runda --lang en --format overview-csv --output overview-en.csv 2>/dev/null
same overview.csv oversikt.csv
same overview-en.csv overview-en.csv
same findings.csv fynd.csv
(cd "$root" && "$bin" validate samples/socialnamnden-2019.json --lang en --format findings-csv) > findings-en.csv 2>/dev/null
same socialnamnden-2019-findings-en.csv findings-en.csv

# The CSV's fixed conventions, whatever the golden files say.
[ "$(head -c 3 oversikt.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] && pass || fail "overview.csv starts with a UTF-8 BOM"
grep -q $'^\xEF\xBB\xBFUnderlag;Nämnd;Resultat;Fel;' oversikt.csv && pass || fail "overview.csv: Swedish headers, semicolons"
[ "$(grep -c $'\r$' oversikt.csv)" = "$(wc -l < oversikt.csv)" ] && pass || fail "overview.csv: every line ends in CRLF"
grep -q '^runda/trasig.json;;Ej kontrollerad;;' oversikt.csv && pass || fail "the broken file reads 'Ej kontrollerad' with no counts"
grep -q 'trasig.json;.*Underkänd' oversikt.csv && fail "the broken file must not read 'Underkänd'" || pass
grep -q ';Kommentar'$'\r''$' fynd.csv && pass || fail "findings.csv ends its header with Kommentar"

# Every cell of the workbooks with its number format.
python3 "$root/tests/cli/xlsx_cells.py" oversikt.xlsx > oversikt.xlsx.txt && pass || fail "oversikt.xlsx reads back"
same overview.xlsx.txt oversikt.xlsx.txt
python3 "$root/tests/cli/xlsx_cells.py" fynd.xlsx > fynd.xlsx.txt && pass || fail "fynd.xlsx reads back"
same findings.xlsx.txt fynd.xlsx.txt
# The overview's CSV and .xlsx hold the same rows (the .xlsx's text cells).
[ "$(grep -c $'!A[0-9]*\ts\t' oversikt.xlsx.txt)" = "$(wc -l < oversikt.csv)" ] && pass || fail "xlsx and csv: same number of rows"

# The overview links to the HTML report of the same run, relative to the
# overview's own folder and percent-encoded (a space or '#' in the name).
# Files keep the order of the arguments: vss is file-1.
mkdir -p ut
"$bin" validate runda/vss-2024.json runda/leanlink-2023.json --format html --output "ut/rapport #1.html" \
    --format overview --output oversikt-lank.html --format overview --output ut/oversikt.html 2>/dev/null
grep -q '<a href="ut/rapport%20%231.html#file-1">runda/vss-2024.json</a>' oversikt-lank.html && pass ||
    fail "overview link into another folder, encoded"
grep -q '<a href="rapport%20%231.html#file-2">runda/leanlink-2023.json</a>' ut/oversikt.html && pass ||
    fail "overview link beside the report"
"$bin" validate runda/vss-2024.json --format overview --output utan-rapport.html 2>/dev/null
grep -q '<a href' utan-rapport.html && fail "no link without an HTML report file" || pass

# A spreadsheet needs --format: the extension does not choose between overview and findings.
"$bin" validate runda/vss-2024.json --output x.xlsx > out.txt 2> err.txt
code=$?
[ "$code" = 2 ] && grep -q 'overview-xlsx' err.txt && pass || fail "--output x.xlsx without --format is a usage error naming the formats ($code)"
"$bin" validate runda/vss-2024.json --format overview-csv --output x.xlsx 2> err.txt
[ $? = 2 ] && pass || fail "overview-csv to a .xlsx file is refused"

# A workbook is not written to a terminal (util-linux `script` gives one).
if command -v script >/dev/null; then
    script -qec "'$bin' validate runda/vss-2024.json --format overview-xlsx" /dev/null > tty.txt 2>&1
    code=$?
    [ "$code" = 2 ] && grep -q 'skriver en arbetsbok (.xlsx); ange --output' tty.txt && pass ||
        fail "an .xlsx to a terminal is a usage error ($code)"
fi
"$bin" validate runda/vss-2024.json --format overview-xlsx 2>/dev/null | head -c 2 | grep -q PK && pass ||
    fail "an .xlsx to a pipe is written"

# LibreOffice opens the workbooks as a spreadsheet program would: converted
# headless, no repair (a damaged file fails to convert); as UTF-8 CSV (76).
if command -v soffice >/dev/null; then
    for book in oversikt fynd; do
        timeout 300 soffice --headless --norestore "-env:UserInstallation=file://$tmp/lo-profile" \
            --convert-to "csv:Text - txt - csv (StarCalc):59,34,76" --outdir "$tmp/lo" "$book.xlsx" > lo.txt 2>&1
        code=$?
        [ "$code" = 0 ] && [ -s "lo/$book.csv" ] && pass || { fail "soffice converts $book.xlsx ($code)"; cat lo.txt; }
    done
    grep -q 'Ej kontrollerad' lo/oversikt.csv && grep -q 'Socialnämnden' lo/oversikt.csv && pass ||
        fail "LibreOffice reads the overview's cells"
else
    fail "soffice is missing (apt-get install libreoffice-calc-nogui; .ci/setup --tests installs it)"
fi

finish "spreadsheets"
