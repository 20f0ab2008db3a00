// Exports: one row per submitted response (id, submitted_at, version, lang, then the columns of
// export_layout.h), with a codebook. Formats: CSV (+ codebook CSV), JSON, xlsx (data + codebook
// sheets), SPSS .sav (ReadStat: variable labels, value labels, declared missing values).
// Rows come from a RowSource that streams them (never all in memory for CSV and JSON); bytes go
// to a Sink. Text cells in CSV are guarded against formula injection (see csv.h).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "analysis/export_layout.h"
#include "engine/storage/store.h"

namespace otos::analysis {

using RowVisitor = std::function<void(const storage::ResponseRow&, const Answers&)>;
using RowSource = std::function<void(const RowVisitor&)>;
using Sink = std::function<void(std::string_view)>;

// CSV: header row of variable names, then one CRLF-terminated row per response.
void export_csv(const model::Questionnaire& q, const std::string& lang, const RowSource& rows,
                const Sink& sink);
// The same from stored rows (answers_json decoded without building Answers): the fast path.
using StoredRowSource =
    std::function<void(const std::function<void(const storage::ResponseRow&)>&)>;
void export_csv_stored(const model::Questionnaire& q, const std::string& lang,
                       const StoredRowSource& rows, const Sink& sink);
// The fastest path, for a wave whose every response is packed under its layout (the caller
// checks with Store::all_packed): the same bytes as export_csv_stored.
void export_csv_packed(const model::Questionnaire& q, const std::string& lang,
                       storage::Store& store, const Sink& sink);
// The codebook as CSV: variable, question, text, type, codes, missing_codes.
std::string codebook_csv(const model::Questionnaire& q, const std::string& lang);
// JSON: {"survey","version","codebook":[...],"responses":[{"id","submitted_at","version","lang",
// "answers":{...}}]}.
void export_json(const model::Questionnaire& q, const std::string& lang, const RowSource& rows,
                 const Sink& sink);
// xlsx with sheets "data" and "codebook", written to `path`. Returns "" or an error message.
std::string export_xlsx(const model::Questionnaire& q, const std::string& lang,
                        const RowSource& rows, const std::string& path);
// SPSS .sav. Choice codes become numbers: the codes themselves when every code of the question
// is an integer, else the option's position 1..k; value labels carry the option labels, missing
// options are declared missing values. multi_choice flags are 0/1, text and date are strings.
// Returns "" or an error message.
std::string export_sav(const model::Questionnaire& q, const std::string& lang,
                       const RowSource& rows, const Sink& sink);

}  // namespace otos::analysis
