#!/usr/bin/env bash
# Excel workbooks from the command line (issue 16): template, import, export
# and validate of a workbook, their exit codes, findings with cells in text
# and JSON, a bad workbook's error (exit 2), and the template converted
# headless by LibreOffice without a repair (when soffice is installed: it is
# in `.ci/setup --tests`).
. "$(dirname "$0")/lib.bash" "$@"
cd "$tmp"

run "$bin" template --policy linkoping-2024 --organisation vss --output mall-vss-2024.xlsx
check_matches "template" 0
run "$bin" template --policy linkoping-2024 --organisation nobody --output x.xlsx
check_matches "template, unknown organisation" 2 "x.xlsx: fel: policypaketet känner ingen organisation 'nobody'; kända: .*vss.* \[xlsx.organisation\]"

# Every sample: export, import, the same values (compared parsed), and validate with cells.
for sample in vss-2024 leanlink-2023 socialnamnden-2019 norrkoping-kultur-fritid-2024; do
  run "$bin" export "$root/samples/$sample.json" --output "$sample.xlsx"
  check_matches "export $sample" 0
  run "$bin" import "$sample.xlsx" --output "$sample.json"
  check_matches "import $sample" 0
  run python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(0 if a==b else 1)' \
    "$root/samples/$sample.json" "$sample.json"
  check_matches "round trip $sample" 0
done
run "$bin" validate socialnamnden-2019.xlsx --format json
grep -qE '"cell": "(Drift|Indikatorer)![A-Z]+[0-9]+"' <<<"$out" && pass || { fails=$((fails+1)); echo "FAIL: no Drift cell in JSON findings"; echo "$out" | head -40; }
run "$bin" validate socialnamnden-2019.xlsx
check_matches "validate text shows cells" 1 "^socialnamnden-2019.xlsx [A-Za-zåäöÅÄÖ ]+![A-Z]+[0-9]+: (fel|varning|notering)"

# import --output is written like every output file: a symbolic link is
# replaced, never written through (here it would clobber vss-2024.json's
# export); an output that cannot be written is exit 2 with the reason.
printf 'keep' > precious.txt
ln -s precious.txt link.json
run "$bin" import vss-2024.xlsx --output link.json
check_matches "import to a symbolic link" 0
[ "$(cat precious.txt)" = keep ] && [ ! -L link.json ] && pass || { fails=$((fails+1)); echo "FAIL: import wrote through the symbolic link"; }
mkdir -p a-directory.json
run "$bin" import vss-2024.xlsx --output a-directory.json
check_matches "import to a directory" 2 "a-directory.json: fel: .*\[io.write\]"

# A round folder where some boards sent a workbook: validate DIR checks the
# .xlsx beside the .json (it skipped them silently), also when budgetcheck
# itself is given only the directory.
mkdir -p runda
cp vss-2024.xlsx runda/ && cp "$root/samples/socialnamnden-2019.json" runda/
run "$bin" validate runda/ --format overview-csv --output runda.csv
check_matches "validate a folder with a workbook" 1
grep -q "^runda/vss-2024.xlsx;Verksamhetsstöd och service (VSS);Godkänd;" runda.csv && grep -q "^runda/socialnamnden-2019.json;" runda.csv \
  && pass || { fails=$((fails+1)); echo "FAIL: the folder's workbook is not in the overview"; cat runda.csv; }

printf 'not a workbook' > bad.xlsx
run "$bin" validate bad.xlsx
check_matches "not a workbook" 2 "bad.xlsx: indatafel: filen är ingen Excel-arbetsbok .*\[xlsx.not-xlsx\]"
run "$bin" import bad.xlsx --lang en
check_matches "import not a workbook" 2 "bad.xlsx: error: the file is not an Excel workbook .*\[xlsx.not-xlsx\]"

if command -v soffice >/dev/null 2>&1; then
  # A workbook LibreOffice would have to repair does not convert; its own
  # re-save must still import to the same values as ours.
  mkdir -p lo
  run timeout 300 soffice --headless -env:UserInstallation=file://$tmp/lo-profile --convert-to pdf --outdir lo mall-vss-2024.xlsx
  [ -s lo/mall-vss-2024.pdf ] && pass || { fails=$((fails+1)); echo "FAIL: LibreOffice did not convert the template to PDF"; echo "$out"; }
  run timeout 300 soffice --headless -env:UserInstallation=file://$tmp/lo-profile --convert-to xlsx --outdir lo vss-2024.xlsx
  if [ -s lo/vss-2024.xlsx ]; then
    run "$bin" import lo/vss-2024.xlsx --output lo.json
    check_matches "import LibreOffice's re-save" 0
    run python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(0 if a==b else 1)' \
      "$root/samples/vss-2024.json" lo.json
    check_matches "LibreOffice's re-save has the same values" 0
  else
    fails=$((fails+1)); echo "FAIL: LibreOffice did not convert the export to xlsx"; echo "$out"
  fi
fi

finish "excel"
