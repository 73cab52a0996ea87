-- Policy 8, outcomes: an outcome (utfall) written IU, X, ?, – or left blank is
-- a missing value. That is worth a notice: the follow-up lacks a starting
-- point, but the budget itself is not wrong. Checked for the total and for
-- the rows Män and Kvinnor.

local ROWS = {
  { field = nil, sv = "", en = "" },
  { field = "men", sv = " (Män)", en = " (men)" },
  { field = "women", sv = " (Kvinnor)", en = " (women)" },
}

return {
  id = "indicators.missing-outcome",
  title = {
    sv = "Indikatorer saknar utfall",
    en = "Indicators without an outcome",
  },
  severity = "notice",
  source = {
    decision = "KF:s budgetdirektiv: nämndindikatorer med utfall för tidigare år",
    document = "001",
    quote = "Källa / 2016 2017 2018",
  },
  applies_to = { "appropriation", "revenue" },
  explain = {
    sv = [[
Vad regeln kontrollerar: indikatorernas utfall för tidigare år (utfall, bokslut), för totalen
och för raderna Män och Kvinnor. Ett utfall skrivet IU, X, ?, – eller en tom cell är ett
saknat värde, inte noll.

Varför en notering: utfallet är utgångsläget som målvärdena jämförs med. Att det saknas är
värt att veta, men budgeten är inte fel för det (till exempel är HME-mätningen inte gjord
än, eller siffrorna kommer från HR senare).

En rad per indikator och rad (totalt, Män, Kvinnor) listar alla år som saknas. En rad Män
eller Kvinnor som skrivits ut helt utan värden räknas som en rad som saknas, inte som saknade
utfall (för obligatoriska indikatorer rapporterar medarbetare.gender-split den).

Så rättar ni: fyll i utfallet när det finns, eller låt markeringen stå (IU = ingen uppgift)
och förklara i en kommentar.]],
    en = [[
What the rule checks: the indicators' outcomes for earlier years (utfall, bokslut), for the
total and for the rows for men and women. An outcome written IU, X, ?, – or an empty cell is
a missing value, not zero.

Why a notice: the outcome is the starting point the targets are compared with. Its absence
is worth knowing, but it does not make the budget wrong (e.g. the HME survey has not been
done yet, or HR supplies the figures later).

One finding per indicator and row (total, men, women) lists every year that is missing. A
row for men or women printed without any value counts as a missing row, not as missing
outcomes (for mandatory indicators medarbetare.gender-split reports it).

How to fix: fill in the outcome when it exists, or keep the marker (IU = no data) and
explain it in a note.]],
  },
  check = function(submission, _, report)
    if budget.absent(submission.indicators) then return end

    for _, ind in ipairs(submission.indicators) do
      for _, row in ipairs(ROWS) do
        -- A gender row printed without any value counts as missing, like an
        -- absent row: medarbetare.gender-split reports it where it is required.
        local series = ind.outcomes
        if row.field ~= nil then series = (budget.gender_row(ind, row.field) or {}).outcomes end
        if not budget.absent(series) then
          -- The years whose outcome is marked missing, in year order.
          local years = {}
          for year, v in pairs(series) do
            if budget.is_missing(v) then years[#years + 1] = year end
          end
          table.sort(years)
          if #years > 0 then
            local sv_parts, en_parts = {}, {}
            for _, year in ipairs(years) do
              local sv_shown, en_shown = budget.written(series[year])
              sv_parts[#sv_parts + 1] = year .. ": " .. sv_shown
              en_parts[#en_parts + 1] = year .. ": " .. en_shown
            end
            report{
              at = series,
              key = years[1],
              year = math.tointeger(tonumber(years[1])),
              sv = string.format('Indikatorn "%s"%s saknar utfall (%s). Fyll i utfallet när det finns.',
                ind.name, row.sv, table.concat(sv_parts, ", ")),
              en = string.format('The indicator "%s"%s has no outcome (%s). Fill it in when it exists.',
                ind.name, row.en, table.concat(en_parts, ", ")),
            }
          end
        end
      end
    end
  end,
}
