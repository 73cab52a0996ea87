-- Where a table gives a stated total but lists a field for only some of its
-- rows (Leanlink's "varav kostnader" for three of its four areas), the rows
-- left out carry the remainder: stated total − the listed rows. Costs,
-- revenue, spending and income are positive amounts in the format, so listed
-- rows that together exceed the total imply a negative remainder, which cannot
-- be right.


-- The rows that have `field`, the names of those that do not, and the rows'
-- earlier series of `field` (nil unless every listed row has one).
local function split(rows, field)
  local listed, earlier, missing = {}, {}, {}
  for _, row in ipairs(rows) do
    if budget.absent(row[field]) then
      missing[#missing + 1] = row.name
    else
      listed[#listed + 1] = row[field]
      local e = not budget.absent(row.earlier) and row.earlier[field] or nil
      if not budget.absent(e) then earlier[#earlier + 1] = e end
    end
  end
  if #earlier ~= #listed then earlier = nil end
  return listed, earlier, missing
end

-- "Ledning" / "Ledning och IT": the rows left out, for messages.
local function names(list, word)
  if #list == 1 then return list[1] end
  return table.concat(list, ", ", 1, #list - 1) .. " " .. word .. " " .. list[#list]
end

return {
  id = "arithmetic.implied-remainder",
  title = { sv = "Raderna som inte redovisas får inte bli negativa",
            en = "The rows left out must not come out negative" },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut och budgetdirektiv (alla beslut); 004 Budget 2023 (Leanlink)",
    document = "004",
    quote = "varav kostnader 324 075 362 476 369 000 382 000 395 000 408 000 422 000 436 000 … Ledning  423 -11 479 -57 978 -59 873 -61 908 -64 013 -66 190 -68 440 … varav kostnader 1 498 722 1 586 827 1 571 480  1 624 910 1 680 157 1 737 283 1796 350 1 857 426",
  },
  explain = {
    sv = [[
Gäller tabeller med en summarad där bara en del av raderna redovisar ett belopp: verksamhetsområdenas kostnader och intäkter (business_areas) och investeringarnas utgifter och inkomster (investments). Det som inte redovisas är summaraden minus de redovisade raderna, och det bär de rader som saknar beloppet. Kostnader, intäkter, utgifter och inkomster är positiva belopp i formatet; om de redovisade raderna tillsammans är större än summan blir resten negativ.

Varför ett fel och inte en varning: en negativ kostnad för ett verksamhetsområde finns inte i en budget där kostnader och intäkter redovisas var för sig. Antingen är en rad eller summan fel, precis som när en summa inte stämmer med sina rader (arithmetic.stated-totals), och då går det inte att veta vad området faktiskt kostar. I en tabell som skrivs grövre än sina data (mnkr med en decimal) ges ett överskott inom tabellens avrundningstolerans (policy.rounding_tolerance, per rad) som en notering. Tidigare kolumner (utfall, förra årets budget) kontrolleras som noteringar.

Åtgärd: rätta raden eller summan, eller redovisa beloppet för de rader som saknar det.

Exempel: Leanlink 2023 redovisar kostnader för Råd och Stöd, LSS och Äldreomsorg men inte för Ledning. 2024 är de tre 1 625 364 tkr mot summan 1 624 910 tkr, så Lednings kostnad blir −454 tkr; likaså 2025–2027 (−482, −67 och −198 tkr).]],
    en = [[
For tables with a total line where only some rows give an amount: the business areas' cost and revenue (business_areas) and the investments' spending and income (investments). What is not listed is the total minus the listed rows, and the rows without the amount carry it. Cost, revenue, spending and income are positive amounts in the format; when the listed rows together exceed the total, the remainder is negative.

Why an error, not a warning: a negative cost for a business area does not exist in a budget that shows cost and revenue separately. Either a row or the total is wrong, just as when a sum differs from its rows (arithmetic.stated-totals), and nobody can tell what the area really costs. In a table printed coarser than its data (mnkr with one decimal) an excess inside the table's rounding allowance (policy.rounding_tolerance, per row) is a notice. Earlier columns (outcome, last year's budget) are checked as notices.

Fix: correct the row or the total, or give the amount for the rows that lack it.

Example: Leanlink 2023 gives the cost of Råd och Stöd, LSS and Äldreomsorg but not of Ledning. In 2024 the three add up to 1 625 364 tkr against the total 1 624 910 tkr, so Ledning's cost comes out at −454 tkr; likewise 2025–2027 (−482, −67 and −198 tkr).]],
  },
  check = function(submission, policy, report)
    local fmt = function(k) return budget.format_amount(k, submission) end
    local tables = {}
    local ba, inv = submission.business_areas, submission.investments
    if not budget.absent(ba) and not budget.absent(ba.stated_total) then
      tables[#tables + 1] = { ba.areas, ba.stated_total, "cost", "kostnader", "cost" }
      tables[#tables + 1] = { ba.areas, ba.stated_total, "revenue", "intäkter", "revenue" }
    end
    if not budget.absent(inv) and not budget.absent(inv.stated_total) then
      tables[#tables + 1] = { inv.rows, inv.stated_total, "spending", "utgifter", "spending" }
      tables[#tables + 1] = { inv.rows, inv.stated_total, "income", "inkomster", "income" }
    end

    for _, t in ipairs(tables) do
      local rows, total, field, what_sv, what_en = t[1], t[2], t[3], t[4], t[5]
      local listed, listed_earlier, missing = split(rows, field)
      if #listed > 0 and #missing > 0 and not budget.absent(total[field]) then
        local checks = {}
        for _, y in ipairs(budget.years(submission)) do checks[#checks + 1] = { y, total[field], listed, false } end
        local total_earlier = not budget.absent(total.earlier) and total.earlier[field] or nil
        if listed_earlier ~= nil and not budget.absent(total_earlier) then
          for _, y in ipairs(budget.earlier_years(submission)) do
            checks[#checks + 1] = { y, total_earlier, listed_earlier, true }
          end
        end
        for _, chk in ipairs(checks) do
          local year, stated_series, series, earlier = chk[1], chk[2], chk[3], chk[4]
          local stated = budget.value(stated_series, year)
          local sum, n = budget.sum(series, year)
          local c = (stated ~= nil and sum ~= nil) and budget.compare(submission, policy, sum, stated, n) or nil
          if c ~= nil and c.diff > 0 then
            local when_sv, when_en = budget.year_label(submission, year, earlier)
            local note_sv, note_en = budget.allowance_note(c)
            local severity = nil
            if earlier or c.status == "rounding" then severity = "notice" end
            report{
              at = stated_series, key = budget.key(year), year = year, severity = severity,
              expected = "≥ " .. fmt(sum), actual = fmt(stated), difference = budget.sub(0, c.diff),
              sv = string.format("Summan %s %s är %s, men de %d rader som redovisar %s summerar till %s. "
                .. "Då blir %s för %s %s, ett negativt belopp%s. Rätta raden eller summan, eller redovisa "
                .. "beloppet för %s.", what_sv, when_sv, fmt(stated), n, what_sv, fmt(sum), what_sv,
                names(missing, "och"), fmt(budget.sub(0, c.diff)), note_sv, names(missing, "och")),
              en = string.format("The total %s for %s is %s, but the %d rows that give %s add up to %s. "
                .. "That leaves %s for %s as %s, a negative amount%s. Correct the row or the total, or give "
                .. "the amount for %s.", what_en, when_en, fmt(stated), n, what_en, fmt(sum), what_en,
                names(missing, "and"), fmt(budget.sub(0, c.diff)), note_en, names(missing, "and")),
            }
          end
        end
      end
    end
  end,
}
