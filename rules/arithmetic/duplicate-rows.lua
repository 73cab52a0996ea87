-- A row given twice in one table: a copied row counts its money twice, and a
-- stated total adjusted to it (or a frame with room for it) hides the copy
-- from every sum rule. Within one table only: the same name in two tables
-- (a breakdown by activity and one by unit) is normal.

-- host.normalise, not budget.normalise: that one keeps every result for the
-- run, and a table of 20 000 rows would keep 20 000 names the rule needs once.
local normalise = host.normalise

-- The tables, each: its rows, its name for messages, the amount fields of a
-- row and whether the rows carry ids (business areas).
local function tables_of(submission)
  local list = {}
  local function add(rows, label, sv, en, fields, ids)
    if budget.absent(rows) or type(rows) ~= "table" then return end
    if not budget.absent(label) then
      sv, en = string.format('%s "%s"', sv, label), string.format('%s "%s"', en, label)
    end
    list[#list + 1] = { rows = rows, sv = sv, en = en, fields = fields, ids = ids }
  end
  local op = submission.operating
  if not budget.absent(op) then
    local wf = op.within_frame
    if not budget.absent(wf) then add(wf.rows, wf.label, "Budget inom ram", "Budget within the frame", { "amounts" }) end
    if not budget.absent(op.other_tables) then
      for _, t in ipairs(op.other_tables) do add(t.rows, t.label, "Tabellen", "The table", { "amounts" }) end
    end
    local sm = op.summary
    if not budget.absent(sm) then add(sm.rows, sm.label, "Driftsammandraget", "The operating summary", { "amounts" }) end
  end
  local fc = submission.frame_changes
  if not budget.absent(fc) and not budget.absent(fc.groups) then
    for _, g in ipairs(fc.groups) do add(g.rows, g.name, "Förändrad ram", "Frame changes", { "amounts" }) end
  end
  local ba = submission.business_areas
  if not budget.absent(ba) then
    add(ba.areas, nil, "Verksamhetsområdena", "The business areas", { "cost", "revenue", "result" }, true)
  end
  local inv = submission.investments
  if not budget.absent(inv) then
    add(inv.rows, nil, "Investeringarna", "The investments", { "net", "spending", "income" })
  end
  local sp = submission.savings_programme
  if not budget.absent(sp) then
    add(sp.measures, sp.label, "Åtgärdsprogrammet", "The savings programme", { "amounts" })
  end
  return list
end

-- True when the row has an amount other than 0 in a budget or plan year.
local function moves_money(row, fields, years)
  for _, f in ipairs(fields) do
    local series = row[f]
    for _, y in ipairs(years) do
      local v = budget.value(series, y)
      if v ~= nil and v ~= 0 then return true end
    end
  end
  return false
end

-- True when rows a and b give the same amounts in every field and year.
local function same_money(a, b, fields, years)
  for _, f in ipairs(fields) do
    local sa, sb = a[f], b[f]
    for _, y in ipairs(years) do
      if budget.value(sa, y) ~= budget.value(sb, y) then return false end
    end
  end
  return true
end

return {
  id = "arithmetic.duplicate-rows",
  title = { sv = "Ingen rad står två gånger i samma tabell", en = "No row appears twice in one table" },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut och budgetdirektiv (alla beslut); 002 Budget 2024 (VSS)",
    document = "002",
    quote = "Ekonomisk resultatutjämning mellan verksamhetsområden är inte tillåten och varje område ska särredovisas.",
  },
  explain = {
    sv = [[
Vad regeln kontrollerar: att ingen rad står två gånger i samma tabell (budget inom ram, övriga
tabeller i driftsammandraget, förslag till förändrad ram, verksamhetsområden, investeringar,
åtgärdsprogrammet). Namn jämförs utan hänsyn till stora/små bokstäver, mellanslag och en
avslutande punkt; ett investeringsäskande och en rad inom ram med samma namn är olika rader.
- Samma verksamhetsområde (samma id och samma namn eller belopp) två gånger: fel, varje område
  ska särredovisas (002). Samma id på två olika rader (ett delat område): varning.
- Samma namn och samma belopp för budgetåret och planåren: fel, raden är kopierad och dess
  pengar räknas två gånger.
- Samma namn med olika belopp: varning, två rader som inte går att skilja åt.
Rader med bara nollor jämförs inte: de räknar inga pengar två gånger.

Varför: en kopierad rad med en summarad som justerats efter den (eller en ram som rymmer den)
klarar varje summakontroll, fast budgeten räknar samma pengar två gånger.

Åtgärd: ta bort den kopierade raden, eller ge raderna namn som skiljer dem åt.

Exempel: VSS 2024 med "Verksamhetsområde ekonomi" två gånger och summaraden höjd med dess
42,3 mnkr: summorna stämmer och varje område har nollresultat, men ekonomi räknas två gånger.]],
    en = [[
What the rule checks: that no row appears twice in one table (budget within the frame, the
operating summary's other tables, frame-change requests, business areas, investments, the
savings programme). Names are compared regardless of case, spacing and a final full stop; an
investment request and a row within the frame with the same name are different rows.
- The same business area (same id and the same name or amounts) twice: an error, each area is
  reported separately (002). One id on two different rows (an area split in two): a warning.
- The same name and the same amounts in the budget and plan years: an error, the row is
  copied and its money counted twice.
- The same name with different amounts: a warning, two rows nobody can tell apart.
Rows of only zeros are not compared: they count no money twice.

Why: a copied row with a total adjusted to it (or a frame with room for it) passes every sum
check, although the budget counts the same money twice.

Fix: remove the copied row, or give the rows names that tell them apart.

Example: VSS 2024 with "Verksamhetsområde ekonomi" twice and the total raised by its 42,3
mnkr: the sums agree and every area is at zero, but ekonomi is counted twice.]],
  },
  check = function(submission, policy, report)
    local years = budget.years(submission)
    for _, t in ipairs(tables_of(submission)) do
      local by_name, by_id = {}, {}
      for i, row in ipairs(t.rows) do
        if type(row) == "table" then
          local first_id = nil
          if t.ids and type(row.id) == "string" then
            first_id = by_id[row.id]
            if first_id == nil then by_id[row.id] = i end
          end
          -- Only rows that move money are compared by name: a row of zeros
          -- twice counts nothing twice, and skipping them keeps the rule's
          -- memory small beside a submission of many zero rows.
          local key = type(row.name) == "string" and moves_money(row, t.fields, years) and normalise(row.name) or nil
          if key ~= nil and row.request == true then key = key .. "\0request" end
          local first = key ~= nil and by_name[key] or nil
          if key ~= nil and first == nil then by_name[key] = i end
          local name = type(row.name) == "string" and row.name or row.id
          if first_id ~= nil then
            -- The same area twice (same name or same money) is an error; one id
            -- on two different rows (an area split in two, the id left as it
            -- was) counts nothing twice: a warning that ids must differ.
            local other = t.rows[first_id]
            local same = first ~= nil or same_money(other, row, t.fields, years)
            report{
              at = row, key = "id", severity = (not same) and "warning" or nil,
              sv = same and string.format('%s: området "%s" (id %s) står två gånger, som rad %d och %d. Varje '
                  .. "område ska särredovisas en gång; ta bort den ena.", t.sv, name, row.id, first_id, i)
                or string.format('%s: id %s står på två olika rader, rad %d och %d ("%s"). Varje område ska '
                  .. "ha ett eget id.", t.sv, row.id, first_id, i, name),
              en = same and string.format('%s: the area "%s" (id %s) appears twice, as rows %d and %d. Each area '
                  .. "is reported once; remove one of them.", t.en, name, row.id, first_id, i)
                or string.format('%s: the id %s is on two different rows, rows %d and %d ("%s"). Each area needs '
                  .. "an id of its own.", t.en, row.id, first_id, i, name),
            }
          elseif first ~= nil then
            local copied = same_money(t.rows[first], row, t.fields, years)
            report{
              at = row, key = "name", severity = (not copied) and "warning" or nil,
              sv = copied and string.format('%s: raden "%s" står två gånger med samma belopp, som rad %d och %d. '
                  .. "Dess pengar räknas två gånger; ta bort den kopierade raden.", t.sv, name, first, i)
                or string.format('%s: raden "%s" står två gånger, som rad %d och %d, med olika belopp. '
                  .. "Ge raderna namn som skiljer dem åt, eller slå ihop dem.", t.sv, name, first, i),
              en = copied and string.format('%s: the row "%s" appears twice with the same amounts, as rows %d '
                  .. "and %d. Its money is counted twice; remove the copy.", t.en, name, first, i)
                or string.format('%s: the row "%s" appears twice, as rows %d and %d, with different amounts. '
                  .. "Give the rows names that tell them apart, or merge them.", t.en, name, first, i),
            }
          end
        end
      end
    end
  end,
}
