-- budget: shared helpers for the KF policy rules.
--
-- Every rule sees this file as the global `budget`. It knows the things every
-- money rule needs: which years the submission covers, how to add up rows,
-- how to write an amount the way the document does ("61,0 mnkr",
-- "4 400 tkr"), how two amounts compare given the rounding of the published
-- table (budget.compare), and which entry of the policy pack is the
-- submitting organisation.
--
-- Money arrives from the engine as whole kronor (Lua integers), so every sum
-- and comparison here is exact integer arithmetic, checked for overflow.

local budget = {}

local KRONOR_PER_UNIT = { kr = 1, tkr = 1000, mnkr = 1000000 }

-- JSON null, as the engine passes it (one sentinel value for every document).
local NULL = null

-- True when x is absent: nil or JSON null.
function budget.absent(x)
  return x == nil or x == NULL
end

-- The budget year followed by the plan years, e.g. {2024, 2025, ..., 2029}.
function budget.years(submission)
  local years = { submission.budget_year }
  for _, y in ipairs(submission.plan_years) do
    years[#years + 1] = y
  end
  return years
end

-- Years as the keys of a series: 2024 -> "2024". Rules look up series by
-- year in their innermost loops; the key of a plausible year is made once
-- per rule run (the table starts empty in every run: docs/architecture.md).
local year_keys = {}
function budget.key(year)
  local key = year_keys[year]
  if key then return key end
  key = string.format("%d", year)
  if year >= 1900 and year <= 2200 then year_keys[year] = key end
  return key
end

-- The value of a series (an object keyed by year) in one year, or nil when the
-- series or that year's cell is missing. An empty cell is not 0.
function budget.value(series, year)
  -- budget.absent written out: rules call this in their innermost loops.
  if series == nil or series == NULL then return nil end
  local v = series[year_keys[year] or budget.key(year)]
  if v == NULL then return nil end
  return v
end

-- Checked integer arithmetic for money. Lua integers wrap silently on
-- overflow (2^62 + 2^62 is negative), so a sum of huge rows could "equal" a
-- stated total; these raise an error instead, and a float (an inexact
-- amount) is refused too. The engine already limits the total of all money in
-- a file to 2^53 kr (docs/limits.md), so a rule that adds each amount once
-- never gets here; the checks guard what a rule computes beyond that.
local function not_money(op, x)
  error(string.format("budget.%s: %s är inte ett heltal kronor / is not a whole number of kronor",
    op, tostring(x)), 3)
end
local function overflow(op, a, b)
  error(string.format("budget.%s(%d, %d): resultatet ryms inte i 64-bitars heltal och kan inte bli exakt "
    .. "/ the result overflows 64-bit integers and cannot be exact", op, a, b), 3)
end

function budget.add(a, b)
  if math.type(a) ~= "integer" then not_money("add", a) end
  if math.type(b) ~= "integer" then not_money("add", b) end
  local s = a + b
  if (b >= 0) ~= (s >= a) then overflow("add", a, b) end
  return s
end

function budget.sub(a, b)
  if math.type(a) ~= "integer" then not_money("sub", a) end
  if math.type(b) ~= "integer" then not_money("sub", b) end
  local d = a - b
  if (b >= 0) ~= (d <= a) then overflow("sub", a, b) end
  return d
end

function budget.mul(a, b)
  if math.type(a) ~= "integer" then not_money("mul", a) end
  if math.type(b) ~= "integer" then not_money("mul", b) end
  if a == 0 or b == 0 then return 0 end
  local p = a * b
  if (a == -1 and b == math.mininteger) or (b == -1 and a == math.mininteger) or p // b ~= a then
    overflow("mul", a, b)
  end
  return p
end

-- |a|, checked (math.abs(math.mininteger) is math.mininteger).
function budget.abs(a)
  if a < 0 then return budget.sub(0, a) end
  return a
end

-- Sum of one year over a list of series. Rows without a value that year are
-- skipped (an empty cell is not 0). Returns the sum and how many rows were
-- summed; the sum is nil when no row has a value. Checked: an overflow is an
-- error, never a wrapped number.
function budget.sum(series_list, year)
  local total, n = nil, 0
  for _, series in ipairs(series_list) do
    local v = budget.value(series, year)
    if v ~= nil then
      total = budget.add(total or 0, v)
      n = n + 1
    end
  end
  return total, n
end

-- The series named `field` of every row, e.g. budget.column(rows, "amounts").
function budget.column(rows, field)
  local list = {}
  if budget.absent(rows) then return list end
  for _, row in ipairs(rows) do
    if not budget.absent(row[field]) then list[#list + 1] = row[field] end
  end
  return list
end

-- Sum of one year over rows, reading each row's `field` series: budget.sum
-- of budget.column(rows, field), without making the column (a list per
-- year of a 300 000-row table is garbage that forces full collections).
function budget.sum_rows(rows, field, year)
  local total, n = nil, 0
  if budget.absent(rows) then return total, n end
  for _, row in ipairs(rows) do
    local v = budget.value(row[field], year)
    if v ~= nil then
      total = budget.add(total or 0, v)
      n = n + 1
    end
  end
  return total, n
end

-- True when every row has a `field` series (e.g. every area has a "cost").
function budget.all_have(rows, field)
  if budget.absent(rows) or #rows == 0 then return false end
  for _, row in ipairs(rows) do
    if budget.absent(row[field]) then return false end
  end
  return true
end

-- A business area's result (revenue − cost, positive = surplus) in one year:
-- its `result`, or else revenue − cost. Also returns the series to point a
-- finding at. nil when the area gives neither for that year.
function budget.area_result(area, year)
  local r = budget.value(area.result, year)
  if r ~= nil then return r, area.result end
  local revenue, cost = budget.value(area.revenue, year), budget.value(area.cost, year)
  if revenue ~= nil and cost ~= nil then return budget.sub(revenue, cost), area.revenue end
  return nil
end

-- Kronor in one unit of the submission: 1000 for tkr, 1 000 000 for mnkr.
function budget.kronor_per_unit(submission)
  return KRONOR_PER_UNIT[submission.unit] or 1
end

-- An amount in whole kronor written in the submission's unit, with at least
-- the submission's number of decimals, a decimal comma, no-break spaces
-- between thousands and a minus sign: 61000000 -> "61,0 mnkr" (mnkr, 1
-- decimal), -57978000 -> "−57 978 tkr" (tkr, 0 decimals). It is never
-- rounded: an amount finer than the document's decimals gets the extra
-- decimals it needs (40000 kr -> "0,04 mnkr"). The host writes it
-- (host.format_amount, engine/money.cpp): the reports show amounts with the
-- same function, and in Lua it was a sixth of a typical validation.
function budget.format_amount(kronor, submission)
  local k = math.tointeger(kronor) or math.floor(kronor + 0.5)
  return host.format_amount(k, submission.unit, submission.decimals)
end

-- The rounding model (DOMAIN rule 6, docs/policy-data.md). What KF decided
-- is exact, and so is a table printed in its own unit (whole tkr in a tkr
-- budget): 1 tkr off is 1 tkr off. Only a table printed coarser than its data
-- (mnkr with one decimal) is rounded; how far each of its rows may be off is
-- policy data: policy.rounding_tolerance.per_row_kronor, an entry per (unit,
-- decimals), 0 = exact. A combination the pack does not list is exact.
function budget.rounding_per_row(submission, policy)
  local rt = policy.rounding_tolerance
  if budget.absent(rt) or budget.absent(rt.per_row_kronor) then return 0 end
  for _, entry in ipairs(rt.per_row_kronor) do
    if entry.unit == submission.unit and entry.decimals == submission.decimals then
      return entry.kronor
    end
  end
  return 0
end

-- The one comparison of two amounts every money rule makes. `actual` and
-- `expected` in kronor; `rows` is how many rounded published values went into
-- them (6 area rows against an exact frame: 6; a printed sum against its 6
-- rows: 6, as before; two exact amounts: 0). Returns a table:
--   diff       actual − expected (checked)
--   off        |diff|
--   allowance  rows × the per-row rounding allowance (0 for exact tables)
--   status     "equal" (diff 0), "rounding" (0 < off ≤ allowance: report a
--              notice that names the allowance, never silence) or "off"
--   sv, en     how the allowance reads in a message, "" when none was used
--              or the amounts are equal:
--              "inom avrundningstoleransen 0,3 mnkr (6 rader × 0,05 mnkr)" /
--              "mer än avrundningstoleransen …" (and the English)
function budget.compare(submission, policy, actual, expected, rows)
  rows = rows or 0
  local diff = budget.sub(actual, expected)
  local per_row = budget.rounding_per_row(submission, policy)
  local allowance = budget.mul(per_row, rows)
  local off = budget.abs(diff)
  local status = "off"
  if off == 0 then status = "equal" elseif off <= allowance then status = "rounding" end
  local c = { diff = diff, off = off, allowance = allowance, per_row = per_row, rows = rows,
              status = status, sv = "", en = "" }
  -- Equal amounts need no words (most comparisons are equal: the text cost
  -- more than the comparison).
  if allowance > 0 and status ~= "equal" then
    local fmt = function(k) return budget.format_amount(k, submission) end
    local detail_sv = string.format("%s (%d %s × %s)", fmt(allowance), rows, rows == 1 and "rad" or "rader",
      fmt(per_row))
    local detail_en = string.format("%s (%d %s × %s)", fmt(allowance), rows, rows == 1 and "row" or "rows",
      fmt(per_row))
    if status == "off" then
      c.sv = "mer än avrundningstoleransen " .. detail_sv
      c.en = "more than the rounding allowance of " .. detail_en
    else
      c.sv = "inom avrundningstoleransen " .. detail_sv
      c.en = "within the rounding allowance of " .. detail_en
    end
  end
  return c
end

-- ", inom avrundningstoleransen …" for appending to a message, "" when the
-- comparison used no allowance; the Swedish and the English.
function budget.allowance_note(c)
  if c.sv == "" then return "", "" end
  return ", " .. c.sv, ", " .. c.en
end

-- The earlier columns' years (utfall, last year's budget), oldest first,
-- from submission.earlier_years.
function budget.earlier_years(submission)
  local years = {}
  if budget.absent(submission.earlier_years) then return years end
  for key in pairs(submission.earlier_years) do
    local y = math.tointeger(tonumber(key))
    if y then years[#years + 1] = y end
  end
  table.sort(years)
  return years
end

-- How a year reads in a message, Swedish and English: "2024", or for an
-- earlier column "2022 (utfall, tidigare kolumn)" with the column's kind
-- from submission.earlier_years.
local EARLIER_KIND_SV = { outcome = "utfall", budget = "budget", forecast = "prognos" }
local EARLIER_KIND_EN = { outcome = "outcome", budget = "budget", forecast = "forecast" }
function budget.year_label(submission, year, earlier)
  local key = budget.key(year)
  if not earlier then return key, key end
  local kind = budget.absent(submission.earlier_years) and nil or submission.earlier_years[key]
  if budget.absent(kind) then kind = nil end
  return string.format("%d (%s, tidigare kolumn)", year, EARLIER_KIND_SV[kind] or kind or "?"),
    string.format("%d (%s, earlier column)", year, EARLIER_KIND_EN[kind] or kind or "?")
end

-- The earlier columns (outcomes, earlier budgets) of a table or row:
-- obj.earlier when field is nil, else obj.earlier[field]; nil when absent.
function budget.earlier(obj, field)
  if budget.absent(obj) or budget.absent(obj.earlier) then return nil end
  if field == nil then return obj.earlier end
  local e = obj.earlier[field]
  if budget.absent(e) then return nil end
  return e
end

-- The submitting organisation's entry in policy.organisations, and its id.
-- Matched on the organisation id first, then on its name or an alias, as
-- names are compared (budget.normalise). Returns nil when the pack does not
-- know the organisation (organisation.known reports that).
function budget.organisation(submission, policy)
  local orgs = policy.organisations
  if budget.absent(orgs) then return nil end
  local own = submission.organisation
  local entry = orgs[own.id]
  if not budget.absent(entry) then return entry, own.id end
  if budget.absent(own.name) then return nil end
  local name = budget.normalise(own.name)
  for id, org in pairs(orgs) do
    if not budget.absent(org.name) and budget.normalise(org.name) == name then return org, id end
    if not budget.absent(org.aliases) then
      for _, alias in ipairs(org.aliases) do
        if budget.normalise(alias) == name then return org, id end
      end
    end
  end
  return nil
end

-- True when `id` is in a list of ids (e.g. policy.equity.applies_to).
function budget.contains(list, id)
  if budget.absent(list) then return false end
  for _, x in ipairs(list) do
    if x == id then return true end
  end
  return false
end

-- Years written for a message: {2024, 2025, 2026} -> "2024, 2025, 2026".
function budget.year_list(years)
  local parts = {}
  for _, y in ipairs(years) do parts[#parts + 1] = budget.key(y) end
  return table.concat(parts, ", ")
end

-- Names and texts compared without regard to case, spacing or a final full
-- stop ("Minska  sjukfrånvaro." and "minska sjukfrånvaro" are the same):
-- lower case (every letter with a Unicode lowercase: A–Z, Å, Ä, Ö, É, Ü, …),
-- each run of spaces, tabs, line breaks and no-break spaces one space, no
-- leading space, no trailing spaces or full stops. Several rules normalise
-- every indicator name of a submission against every indicator of the pack,
-- so the host does it in C (host.normalise, engine/text/compare_form.cpp);
-- string patterns here were a sixth of a typical validation's instructions.
budget.normalise = host.normalise

-- A name with its noun in front, for messages: budget.called("Verksamhetsområdet",
-- "HR", {"verksamhetsområde"}) -> "Verksamhetsområdet HR". When the name
-- already holds one of the nouns (`stems`, lower case), the name alone:
-- "Verksamhetsområde HR", never "Verksamhetsområdet Verksamhetsområde HR".
function budget.called(noun, name, stems)
  local own = budget.normalise(name)
  for _, stem in ipairs(stems) do
    if string.find(own, stem, 1, true) then return name end
  end
  return noun .. " " .. name
end

-- The submission's indicator that reports the policy pack's indicator
-- `wanted`: first by policy_id, then by its name or one of its aliases.
function budget.find_indicator(submission, wanted)
  local indicators = submission.indicators
  if budget.absent(indicators) then return nil end
  for _, ind in ipairs(indicators) do
    if ind.policy_id == wanted.id then return ind end
  end
  local names = { [budget.normalise(wanted.name)] = true }
  if not budget.absent(wanted.aliases) then
    for _, alias in ipairs(wanted.aliases) do names[budget.normalise(alias)] = true end
  end
  for _, ind in ipairs(indicators) do
    if names[budget.normalise(ind.name)] then return ind end
  end
  return nil
end

-- Texts that only say a value is missing (DOMAIN.md: "IU, X, ? or blank"),
-- compared as names are: a cell transcribed as {"text": "IU"} or an answer
-- "–" holds no value.
local NO_VALUE = {
  ["-"] = true, ["–"] = true, ["—"] = true, ["iu"] = true, ["x"] = true, ["?"] = true,
  ["ingen uppgift"] = true, ["uppgift saknas"] = true, ["saknas"] = true, ["ej fastställt"] = true,
  ["ej fastställd"] = true, ["inte fastställt"] = true, ["n/a"] = true,
}
function budget.says_nothing(text)
  if type(text) ~= "string" then return false end
  return not text:find("%S") or NO_VALUE[budget.normalise(text)] == true
end

-- An indicator cell (target or outcome) marked missing: IU, X, ?, – or blank,
-- whether as `missing` or as a text that says only that.
function budget.is_missing(cell)
  if budget.absent(cell) then return false end
  return not budget.absent(cell.missing) or budget.says_nothing(cell.text)
end

-- An indicator cell that holds a value: present and not missing.
function budget.has_value(cell)
  return not budget.absent(cell) and not budget.is_missing(cell)
end

-- The row for one gender under an indicator (field "men" or "women"), or nil
-- when the document gives no values for it. A row printed with every cell
-- empty, IU, X, ? or – is not a report: rules treat it as a missing row, so
-- the finding does not depend on whether the empty row was transcribed.
function budget.gender_row(ind, field)
  local row = ind[field]
  if budget.absent(row) then return nil end
  for _, series in ipairs({ row.outcomes, row.targets }) do
    if not budget.absent(series) then
      for _, cell in pairs(series) do
        if budget.has_value(cell) then return row end
      end
    end
  end
  return nil
end

-- How a missing cell reads in a message, in Swedish and English, and the
-- marker itself: "X" as printed, "tom cell" for blank, "ingen cell" when the
-- document has no cell at all.
function budget.written(cell)
  if budget.absent(cell) then return "ingen cell", "no cell", "–" end
  local raw = cell.written
  if budget.absent(raw) then raw = budget.absent(cell.missing) and cell.text or cell.missing end
  if raw == "blank" then return "tom cell", "empty cell", "blank" end
  return '"' .. raw .. '"', '"' .. raw .. '"', raw
end

return budget
