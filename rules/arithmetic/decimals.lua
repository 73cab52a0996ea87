-- No amount has more decimals than the file's `decimals` (docs/format.md:
-- "no more decimals than the document shows"). The rounding allowance of a
-- table printed coarser than its data is chosen by (unit, decimals)
-- (budget.compare): 61.04 in a one-decimal mnkr file is 40 tkr above a frame
-- of 61,0 mnkr, yet the one-decimal allowance would call it rounding. An amount
-- finer than the declared decimals is therefore an error of its own: either
-- the amount or `decimals` is wrong, and the comparisons cannot be trusted.

-- The sections that hold amounts, with their names for messages.
local SECTIONS = {
  { "operating", "Driftsammandrag", "Operating summary" },
  { "frame_changes", "Förändrad ram", "Frame changes" },
  { "business_areas", "Verksamhetsområden", "Business areas" },
  { "equity", "Eget kapital", "Equity" },
  { "investments", "Investeringar", "Investments" },
  { "savings_programme", "Åtgärdsprogram", "Savings programme" },
}

local is_year_key = budget.is_year_key

-- Whether `node` is an amount series ({"2024": 29400000, ...}), and whether
-- one of its amounts is not a whole number of `step` kronor: one pass.
local function scan(node, step)
  local any, finer = false, false
  for k, v in pairs(node) do
    if not is_year_key(k) or math.type(v) ~= "integer" then return false, false end
    any = true
    if v % step ~= 0 then finer = true end
  end
  return any, finer
end

return {
  id = "arithmetic.decimals",
  title = { sv = "Beloppen har inte fler decimaler än filen anger",
            en = "Amounts have no more decimals than the file declares" },
  severity = "error",
  source = {
    decision = "Inlämningsformatet (docs/format.md); DOMAIN.md regel 6",
    document = "DOMAIN.md",
    quote = "Only a table printed coarser than its data is rounded (a table in mnkr with one decimal can be off by 0.05 per row)",
  },
  explain = {
    sv = [[
Kontrollerar att inget belopp i inlämningen (driftsammandrag, förändrad ram, verksamhetsområden, eget kapital, investeringar, åtgärdsprogram, tidigare kolumner medräknade) har fler decimaler än filens `decimals` säger att tabellerna visar. En rad per beloppsserie, med de år som har för många decimaler. I tidigare kolumner (utfall, förra årets budget), som bara är jämförelsetal, ges det som en notering.

Varför: avrundningstoleransen väljs efter enhet och decimaler (policy.rounding_tolerance). I en mnkr-fil med en decimal får varje rad avvika 0,05 mnkr, eftersom beloppen antas vara avrundade till en decimal. Ett belopp som 61,04 mnkr är inte avrundat till en decimal: det är 40 tkr över en ram på 61,0 mnkr, men skulle annars räknas som avrundning. Antingen är beloppet fel inskrivet eller så visar dokumentet fler decimaler än `decimals` anger.

Åtgärd: skriv beloppet som dokumentet visar det, eller ange det största antalet decimaler som dokumentets tabeller visar i `decimals`.

Exempel: VSS 2024 (mnkr, 1 decimal) med investeringen 61,04 mnkr 2024 ger ett fel.]],
    en = [[
Checks that no amount in the submission (operating summary, frame changes, business areas, equity, investments, savings programme, earlier columns included) has more decimals than the file's `decimals` says the tables show. One finding per amount series, naming the years with too many decimals. In earlier columns (outcome, last year's budget), which are for comparison only, it is a notice.

Why: the rounding allowance is chosen by unit and decimals (policy.rounding_tolerance). In an mnkr file with one decimal each row may be off by 0,05 mnkr, because the amounts are taken to be rounded to one decimal. An amount such as 61,04 mnkr is not rounded to one decimal: it is 40 tkr above a frame of 61,0 mnkr, but would otherwise count as rounding. Either the amount was transcribed wrongly or the document shows more decimals than `decimals` says.

Fix: write the amount as the document shows it, or set `decimals` to the most decimals the document's tables show.

Example: VSS 2024 (mnkr, one decimal) with the investment 61,04 mnkr in 2024 is an error.]],
  },
  check = function(submission, _, report)
    local decimals = submission.decimals
    -- kronor in one step of the last decimal shown: 100 000 for mnkr with one decimal
    local step = budget.kronor_per_unit(submission)
    for _ = 1, decimals do
      if step % 10 ~= 0 then return end  -- finer than a krona: every whole krona is shown
      step = step // 10
    end
    if step <= 1 then return end
    local fmt = function(k) return budget.format_amount(k, submission) end

    local function check_series(series, sec, earlier, path)
      -- the nearest row or table name, looked up only for a finding
      local label = nil
      for i = #path, 1, -1 do
        local n = path[i]
        if type(n.name) == "string" then label = n.name break end
        if type(n.label) == "string" then label = n.label break end
      end
      local bad = nil
      for k, v in pairs(series) do
        if v % step ~= 0 then
          bad = bad or {}
          bad[#bad + 1] = k
        end
      end
      if bad == nil then return end
      table.sort(bad)
      local parts = {}
      for _, k in ipairs(bad) do parts[#parts + 1] = k .. ": " .. fmt(series[k]) end
      -- the engine shows the place (section › row › series › year); the row's
      -- own name is said once more for the text formats that cut the place
      local where_sv = label and ('Raden "' .. label .. '"') or sec[2]
      local where_en = label and ('The row "' .. label .. '"') or sec[3]
      report{
        at = series, key = bad[1], year = math.tointeger(tonumber(bad[1])),
        -- an earlier column is for comparison only: worth a notice, not the verdict
        severity = earlier and "notice" or nil,
        expected = string.format("%d decimal%s", decimals, decimals == 1 and "" or "er"),
        actual = table.concat(parts, ", "),
        sv = string.format("%s: belopp med fler decimaler än filens decimals (%d): %s. Avrundningstoleransen "
          .. "förutsätter att beloppen visas med %d decimal%s i %s; skriv beloppet som dokumentet visar det, "
          .. "eller ange rätt antal decimaler i decimals.", where_sv, decimals, table.concat(parts, ", "),
          decimals, decimals == 1 and "" or "er", submission.unit),
        en = string.format("%s: amounts with more decimals than the file's decimals (%d): %s. The rounding "
          .. "allowance assumes amounts shown with %d decimal%s in %s; write the amount as the document shows "
          .. "it, or set decimals to the right number.", where_en, decimals, table.concat(parts, ", "),
          decimals, decimals == 1 and "" or "s", submission.unit),
      }
    end

    local path = {}  -- the tables from the section down to the node walked
    local function walk(node, sec, earlier)
      path[#path + 1] = node
      for k, v in pairs(node) do
        if type(v) == "table" then
          local series, finer = scan(v, step)
          if finer then
            check_series(v, sec, earlier or k == "earlier", path)
          elseif not series then
            walk(v, sec, earlier or k == "earlier")
          end
        end
      end
      path[#path] = nil
    end
    for _, sec in ipairs(SECTIONS) do
      local section = submission[sec[1]]
      if type(section) == "table" then walk(section, sec, false) end
    end
  end,
}
