// The PostgreSQL store on Poco::Data's PostgreSQL connector. Several otos servers may share one
// database: responses go through group commit on a dedicated writer connection, and inside each
// batch INSERT ... ON CONFLICT DO NOTHING RETURNING lets the unique indexes (submission_id,
// invitation) arbitrate between servers without aborting the transaction; a row that was not
// inserted is explained by looking up the row that won. A batch that fails anyway (a deadlock
// between two servers' batches, a dropped connection) is retried whole on a fresh transaction.
// The packed copies of new responses (the analysis' fast path) go in the same transaction.
// Scans page through responses and packed copies by seq so that no result set holds a survey.
#include "engine/storage/pg_store.h"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/PostgreSQL/SessionImpl.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <libpq-fe.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <utility>

#include "engine/common/percent_decode.h"
#include "engine/storage/group_commit.h"
#include "engine/storage/ids.h"
#include "engine/storage/sql_store.h"

namespace otos::storage {

namespace {

using namespace Poco::Data::Keywords;
using Poco::Data::Session;

constexpr int kBatchAttempts = 5;
constexpr int kScanChunk = 10000;
constexpr size_t kRowsPerInsert = 500;  // rows per multi-row INSERT (8 parameters each)
constexpr int kMigrationLock = 727274;  // pg_advisory_xact_lock key: one migrator at a time

// A new Poco session. libpq is asked first on a connection of its own, because Poco's connector
// leaks the PGconn of a failed attempt (and its message is the same).
std::unique_ptr<Session> connect(const std::string& conninfo) {
  PGconn* probe = PQconnectdb(conninfo.c_str());
  bool ok = probe && PQstatus(probe) == CONNECTION_OK;
  std::string error = probe ? PQerrorMessage(probe) : "out of memory";
  PQfinish(probe);
  if (!ok) {
    while (!error.empty() && (error.back() == '\n' || error.back() == ' ')) error.pop_back();
    throw StoreError("cannot connect to PostgreSQL: " + error);
  }
  return std::make_unique<Session>("PostgreSQL", conninfo);
}

void register_connector() {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Data::PostgreSQL::Connector::registerConnector(); });
}

// A part of a postgresql:// URL decoded; a broken escape stays as it is.
std::string percent_decode(std::string_view s) {
  std::string out;
  otos::percent_decode(s, out, /*plus_is_space=*/false, /*keep_broken=*/true);
  return out;
}

void append_param(std::string& out, const std::string& key, const std::string& value) {
  if (!out.empty()) out += ' ';
  out += key;
  out += "='";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
}

// A libpq result, cleared when it goes.
using PgResult = std::unique_ptr<PGresult, decltype(&PQclear)>;

// The libpq connection under a Poco session (for the scans that bypass Poco's extraction).
PGconn* raw_connection(Session& s) {
  return static_cast<Poco::Data::PostgreSQL::SessionImpl*>(s.impl())->handle();
}

// The first line of what libpq says went wrong.
std::string pg_error(Session& s, const PGresult* result) {
  std::string message = result ? PQresultErrorMessage(result) : "";
  if (message.empty()) message = PQerrorMessage(raw_connection(s));
  return message.substr(0, message.find('\n'));
}

// An integer column of a binary-format result: `size` bytes in network order (int4, int8).
int64_t big_endian(std::string_view bytes, size_t size) {
  if (bytes.size() != size) {
    throw StoreError("reading from PostgreSQL: an integer of " + std::to_string(bytes.size()) +
                     " bytes where " + std::to_string(size) + " were expected");
  }
  uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<unsigned char>(c);
  if (size == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

class PgStore final : public SqlStore {
 public:
  explicit PgStore(std::string conninfo)
      : SqlStore(Dialect::Postgres),
        conninfo_(std::move(conninfo)),
        pool_([this] { return connect(conninfo_); }) {
    register_connector();
    rethrow_as_store_error("opening the PostgreSQL database", [&] {
      with_write_transaction([&](Session& s) {
        migrate(s, [](Session& locked) {
          int key = kMigrationLock;
          locked << "SELECT pg_advisory_xact_lock($1)", use(key), now;
          // No "relation already exists, skipping" notice on stderr at every start.
          locked << "SET LOCAL client_min_messages = warning", now;
        });
      });
    });
    group_ = std::make_unique<GroupCommit<NewResponse, InsertResult>>(
        [this](const std::vector<const NewResponse*>& batch) { return commit_batch(batch); });
  }

  ~PgStore() override {
    group_.reset();  // drains the queue
    writer_.reset();
    pool_.clear();
  }

  InsertResult insert_response(const NewResponse& r) override { return group_->submit(r); }
  CommitStats commit_stats() const override {
    auto [commits, responses] = group_->counts();
    return {commits, responses};
  }

  std::vector<std::string> insert_all(const std::vector<NewResponse>& rs) override {
    std::vector<std::string> ids;
    rethrow_as_store_error("importing responses", [&] {
      with_write_transaction([&](Session& s) {
        std::vector<const NewResponse*> chunk;
        for (size_t start = 0; start < rs.size(); start += kRowsPerInsert) {
          chunk.clear();
          for (size_t i = start; i < std::min(rs.size(), start + kRowsPerInsert); ++i) {
            chunk.push_back(&rs[i]);
          }
          std::vector<InsertResult> results = insert_many(s, chunk);
          for (size_t i = 0; i < results.size(); ++i) {
            if (results[i].status != InsertStatus::Created) {
              const NewResponse& r = *chunk[i];
              throw StoreError(results[i].status == InsertStatus::TokenUsed
                                   ? "invitation already answered: " + r.invitation
                                   : "duplicate submission_id: " + r.submission_id);
            }
            ids.push_back(std::move(results[i].id));
          }
        }
      });
      // A bulk load leaves the planner's statistics behind; the paged scans need them to read
      // the (survey, seq) index and packed_answers' key in order instead of sorting.
      if (rs.size() >= kRowsPerInsert)
        with_reader([](Session& s) { s << "ANALYZE responses, packed_answers", now; });
    });
    return ids;
  }

  void scan_responses(const std::string& survey, std::optional<int> version,
                      const std::function<void(const ResponseRow&)>& fn) override {
    std::vector<std::string> params{survey};
    std::string query =
        "SELECT seq, id, survey, version, submitted_at, lang, COALESCE(invitation, ''), answers "
        "FROM responses WHERE survey = $1 ";
    if (version) {
      params.push_back(std::to_string(*version));
      query += "AND version = $2 ";
    }
    ResponseRow row;
    scan_chunks("reading responses", query, params, 8, [&](const PgRow& r) {
      row.id = r.text(1);
      row.survey = r.text(2);
      row.version = static_cast<int>(r.int4(3));
      row.submitted_at = r.text(4);
      row.lang = r.text(5);
      row.invitation = r.text(6);
      row.answers_json = r.text(7);
      fn(row);
    });
  }

  void scan_packed(const std::string& survey, int version, int64_t layout,
                   const std::function<void(const PackedRow&)>& fn) override {
    PackedRow row;
    row.version = version;
    scan_chunks("reading packed responses",
                "SELECT seq, id, submitted_at, lang, packed FROM packed_answers WHERE survey = $1 "
                "AND version = $2 AND layout = $3 ",
                {survey, std::to_string(version), std::to_string(layout)}, 5, [&](const PgRow& r) {
                  row.id = r.text(1);
                  row.submitted_at = r.text(2);
                  row.lang = r.text(3);
                  row.packed = r.text(4);
                  fn(row);
                });
  }

  int64_t add_packed(const std::vector<PackedCopy>& copies) override {
    int64_t stored = 0;
    rethrow_as_store_error("storing packed copies", [&] {
      with_write_transaction([&](Session& s) {
        std::string id;
        Poco::Int64 layout = 0;
        Poco::Data::BLOB bytes;
        Poco::Data::Statement st(s);
        st << sql(
            "INSERT INTO packed_answers (survey, version, seq, layout, id, submitted_at, "
            "lang, packed) SELECT survey, version, seq, ?, id, submitted_at, lang, ? FROM "
            "responses WHERE id = ? ON CONFLICT (survey, version, seq) DO UPDATE SET "
            "layout = excluded.layout, packed = excluded.packed"),
            use(layout), use(bytes), use(id);
        for (const auto& c : copies) {
          id = c.id;
          layout = c.layout;
          bytes = Poco::Data::BLOB(reinterpret_cast<const unsigned char*>(c.packed.data()),
                                   c.packed.size());
          stored += static_cast<int64_t>(st.execute());
        }
      });
    });
    return stored;
  }

  int64_t count_packed(const std::string& survey, int version, int64_t layout) override {
    return packed_counts(survey, version, layout).second;
  }

  bool all_packed(const std::string& survey, int version, int64_t layout) override {
    auto [responses, packed] = packed_counts(survey, version, layout);
    return responses > 0 && responses == packed;
  }

 protected:
  void with_reader(const std::function<void(Session&)>& fn) override {
    auto s = pool_.lease();
    fn(*s);
  }

  void with_write_transaction(const std::function<void(Session&)>& fn) override {
    auto s = pool_.lease();
    s->begin();
    try {
      fn(*s);
      s->commit();
    } catch (const std::exception&) {  // Poco::Exception too
      if (s->isConnected()) s->rollback();
      throw;
    }
  }

 private:
  // One prepared INSERT on a session, executed again for each response (the bound variables
  // are members, so only their values change).
  class Inserter {
   public:
    Inserter(PgStore& store, Session& s) : store_(store), session_(s), st_(s) {
      st_ << store.sql(
          "INSERT INTO responses (id, survey, version, submitted_at, lang, invitation, "
          "submission_id, answers) VALUES (?, ?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), "
          "?) ON CONFLICT DO NOTHING RETURNING id, seq"),
          use(id_), use(r_.survey), use(r_.version), use(at_), use(r_.lang), use(r_.invitation),
          use(r_.submission_id), use(r_.answers_json), into(inserted_), into(seqs_);
    }

    // Stored at `at`; `*seq` is the new row's seq when Created.
    InsertResult insert(const NewResponse& r, const std::string& at, Poco::Int64* seq) {
      r_ = r;
      at_ = at;
      for (int attempt = 0; attempt < 3; ++attempt) {
        id_ = new_response_id();
        inserted_.clear();
        seqs_.clear();
        st_.execute();
        if (!inserted_.empty() && !seqs_.empty()) {
          *seq = seqs_.front();
          return InsertResult{InsertStatus::Created, id_};
        }
        if (auto why = store_.explain_conflict(session_, r)) return *why;
      }
      throw StoreError("could not find a free response id");
    }

   private:
    PgStore& store_;
    Session& session_;
    NewResponse r_;
    std::string id_;
    std::string at_;
    std::vector<std::string> inserted_;
    std::vector<Poco::Int64> seqs_;
    Poco::Data::Statement st_;
  };

  // Inserts rows with one multi-row INSERT (one round trip), inside the caller's transaction.
  // A row the INSERT skipped is explained afterwards in order (Duplicate, Conflict, TokenUsed),
  // which also covers two rows of one batch with the same key: the first is stored, the second
  // is explained by it. The statement text depends only on the number of rows.
  std::vector<InsertResult> insert_many(Session& s, const std::vector<const NewResponse*>& rows) {
    size_t n = rows.size();
    std::vector<InsertResult> out(n);
    if (n == 0) return out;
    std::vector<std::string> ids(n);
    std::vector<std::string> ats(n, now_iso8601());
    std::vector<int> versions(n);
    std::string text =
        "INSERT INTO responses (id, survey, version, submitted_at, lang, invitation, "
        "submission_id, answers) VALUES ";
    for (size_t i = 0; i < n; ++i) {
      if (i) text += ", ";
      text += "(?, ?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), ?)";
    }
    text += " ON CONFLICT DO NOTHING RETURNING id, seq";
    std::vector<std::string> inserted;
    std::vector<Poco::Int64> inserted_seqs;
    Poco::Data::Statement st(s);
    st << sql(text);
    for (size_t i = 0; i < n; ++i) {
      const NewResponse& r = *rows[i];
      ids[i] = new_response_id();
      versions[i] = r.version;
      st, use(ids[i]), useRef(r.survey), use(versions[i]), use(ats[i]), useRef(r.lang),
          useRef(r.invitation), useRef(r.submission_id), useRef(r.answers_json);
    }
    st, into(inserted), into(inserted_seqs);
    st.execute();
    if (inserted_seqs.size() != inserted.size()) throw StoreError("INSERT returned uneven columns");
    std::map<std::string, Poco::Int64> created;
    for (size_t i = 0; i < inserted.size(); ++i) created.emplace(inserted[i], inserted_seqs[i]);
    std::vector<Poco::Int64> seqs(n, 0);
    std::unique_ptr<Inserter> single;
    for (size_t i = 0; i < n; ++i) {
      if (auto it = created.find(ids[i]); it != created.end()) {
        seqs[i] = it->second;
        out[i] = InsertResult{InsertStatus::Created, std::move(ids[i])};
      } else if (auto why = explain_conflict(s, *rows[i])) {
        out[i] = *why;
      } else {  // only a response id collision is left: try that row again alone
        if (!single) single = std::make_unique<Inserter>(*this, s);
        out[i] = single->insert(*rows[i], ats[i], &seqs[i]);
      }
    }
    insert_packed(s, rows, out, seqs, ats);
    return out;
  }

  // The packed copies of the rows just created (those that carry one), in the same transaction,
  // with one multi-row INSERT: the analysis' fast path reads them (see store.h). Straight on
  // libpq, the bytes as a binary parameter: Poco's statement cost ~25 us of CPU per response here.
  void insert_packed(Session& s, const std::vector<const NewResponse*>& rows,
                     const std::vector<InsertResult>& results, const std::vector<Poco::Int64>& seqs,
                     const std::vector<std::string>& ats) {
    constexpr int kColumns = 8;
    std::string text =
        "INSERT INTO packed_answers (survey, version, seq, layout, id, submitted_at, lang, "
        "packed) VALUES ";
    std::vector<std::string> numbers;  // version, seq and layout as text, 3 per row
    std::vector<size_t> which;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (results[i].status != InsertStatus::Created || rows[i]->packed.empty()) continue;
      const int p = static_cast<int>(which.size()) * kColumns;
      text += which.empty() ? "(" : ", (";
      for (int c = 1; c <= kColumns; ++c)
        text += "$" + std::to_string(p + c) + (c < kColumns ? ", " : ")");
      numbers.push_back(std::to_string(rows[i]->version));
      numbers.push_back(std::to_string(seqs[i]));
      numbers.push_back(std::to_string(rows[i]->layout));
      which.push_back(i);
    }
    if (which.empty()) return;
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    auto add = [&](const std::string& v, int format) {
      values.push_back(v.data());
      lengths.push_back(static_cast<int>(v.size()));
      formats.push_back(format);
    };
    for (size_t k = 0; k < which.size(); ++k) {
      const NewResponse& r = *rows[which[k]];
      add(r.survey, 0);
      add(numbers[3 * k], 0);
      add(numbers[3 * k + 1], 0);
      add(numbers[3 * k + 2], 0);
      add(results[which[k]].id, 0);
      add(ats[which[k]], 0);
      add(r.lang, 0);
      add(r.packed, 1);  // bytea, binary
    }
    PgResult result(PQexecParams(raw_connection(s), text.c_str(), static_cast<int>(values.size()),
                                 nullptr, values.data(), lengths.data(), formats.data(), 0),
                    &PQclear);
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      throw StoreError("storing packed answers: " + pg_error(s, result.get()));
    }
  }

  // A row of a binary-format libpq result, valid during the callback that gets it.
  struct PgRow {
    const PGresult* result;
    int index;
    std::string_view text(int column) const {  // text and bytea: the stored bytes
      return std::string_view(PQgetvalue(result, index, column),
                              static_cast<size_t>(PQgetlength(result, index, column)));
    }
    int64_t int4(int column) const { return big_endian(text(column), 4); }
    int64_t int8(int column) const { return big_endian(text(column), 8); }
  };

  // The scans, straight on libpq with results in binary format: the bytes arrive as stored and
  // each row is handed out as views into libpq's result, with no copy per cell (Poco's extraction
  // cost more than the query on a million rows: it decodes bytea through a stream a character at
  // a time). `query` selects seq (int8) first and ends in its WHERE clause over `params`; pages
  // of kScanChunk rows follow each other by seq, and the next page is asked for before this one
  // is handed out, so that the server reads it while `on_row` works. An exception leaves the
  // connection mid-query: the lease then drops it (see SessionPool).
  void scan_chunks(const char* what, const std::string& query, std::vector<std::string> params,
                   int columns, const std::function<void(const PgRow&)>& on_row) {
    const std::string text = query + "AND seq > $" + std::to_string(params.size() + 1) +
                             " ORDER BY seq LIMIT " + std::to_string(kScanChunk);
    params.push_back("0");  // after this seq
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p.c_str());
    auto lease = pool_.lease();
    PGconn* connection = raw_connection(*lease);
    auto fail = [&](const std::string& why) { return StoreError(std::string(what) + ": " + why); };
    auto send = [&](const std::string& after) {
      params.back() = after;
      values.back() = params.back().c_str();
      if (!PQsendQueryParams(connection, text.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, 1)) {
        throw fail(pg_error(*lease, nullptr));
      }
    };
    auto receive = [&] {
      PgResult result(PQgetResult(connection), &PQclear);
      if (PQresultStatus(result.get()) != PGRES_TUPLES_OK)
        throw fail(pg_error(*lease, result.get()));
      if (PQnfields(result.get()) != columns) throw fail("unexpected columns");
      // This query's results end with a null; only then does the connection take the next one.
      while (PGresult* rest = PQgetResult(connection)) PQclear(rest);
      return result;
    };
    send("0");
    for (PgResult result = receive();; result = receive()) {
      const int n = PQntuples(result.get());
      const bool more = n == kScanChunk;
      if (more) send(std::to_string(PgRow{result.get(), n - 1}.int8(0)));
      for (int i = 0; i < n; ++i) on_row(PgRow{result.get(), i});
      if (!more) break;
    }
  }

  // A wave's responses and its packed copies under `layout`, counted by one statement: from one
  // snapshot, so that rows arriving meanwhile cannot make them agree by accident.
  std::pair<int64_t, int64_t> packed_counts(const std::string& survey, int version,
                                            int64_t layout) {
    Poco::Int64 responses = 0, packed = 0;
    rethrow_as_store_error("counting packed responses", [&] {
      auto s = pool_.lease();
      std::string survey_copy = survey;
      int v = version;
      Poco::Int64 l = layout;
      *s << sql(
          "SELECT (SELECT COUNT(*) FROM responses WHERE survey = ? AND version = ?), "
          "(SELECT COUNT(*) FROM packed_answers WHERE survey = ? AND version = ? AND "
          "layout = ?)"),
          use(survey_copy), use(v), use(survey_copy), use(v), use(l), into(responses), into(packed),
          now;
    });
    return {responses, packed};
  }

  // Runs on the group commit's writer thread only.
  std::vector<InsertResult> commit_batch(const std::vector<const NewResponse*>& batch) {
    std::string last_error;
    for (int attempt = 0; attempt < kBatchAttempts; ++attempt) {
      try {
        if (!writer_ || !writer_->isConnected()) {
          writer_ = connect(conninfo_);
        }
        std::vector<InsertResult> out;
        out.reserve(batch.size());
        writer_->begin();
        for (size_t start = 0; start < batch.size(); start += kRowsPerInsert) {
          std::vector<const NewResponse*> chunk(
              batch.begin() + static_cast<ptrdiff_t>(start),
              batch.begin() +
                  static_cast<ptrdiff_t>(std::min(batch.size(), start + kRowsPerInsert)));
          for (auto& r : insert_many(*writer_, chunk)) out.push_back(std::move(r));
        }
        writer_->commit();
        return out;
      } catch (const Poco::Exception& e) {
        last_error = e.displayText();
        drop_writer();
      } catch (const StoreError& e) {
        last_error = e.what();
        drop_writer();
      }
    }
    throw StoreError("storing responses: " + last_error);
  }

  // After a failed batch: roll back if the connection still works, else forget it.
  void drop_writer() {
    if (!writer_) return;
    try {
      if (writer_->isConnected() && writer_->isTransaction()) writer_->rollback();
    } catch (const Poco::Exception&) {
      writer_.reset();  // a broken connection: the next attempt reconnects
    }
  }

  std::string conninfo_;
  SessionPool pool_;
  std::unique_ptr<Session> writer_;
  std::unique_ptr<GroupCommit<NewResponse, InsertResult>> group_;
};

}  // namespace

std::optional<std::string> pg_connection_string(const std::string& url) {
  std::string_view rest(url);
  if (rest.rfind("postgresql://", 0) == 0) {
    rest.remove_prefix(13);
  } else if (rest.rfind("postgres://", 0) == 0) {
    rest.remove_prefix(11);
  } else {
    return std::nullopt;
  }
  std::string_view query;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view dbname;
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    dbname = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  std::string_view userinfo;
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) {
    userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
  }
  std::string_view host = rest;
  std::string_view port;
  if (!host.empty() && host.front() == '[') {  // [IPv6]:port
    size_t close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    if (close + 1 < host.size() && host[close + 1] == ':') port = host.substr(close + 2);
    host = host.substr(1, close - 1);
  } else if (size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  std::string out;
  if (!host.empty()) append_param(out, "host", percent_decode(host));
  if (!port.empty()) append_param(out, "port", percent_decode(port));
  if (!dbname.empty()) append_param(out, "dbname", percent_decode(dbname));
  if (!userinfo.empty()) {
    size_t colon = userinfo.find(':');
    append_param(out, "user", percent_decode(userinfo.substr(0, colon)));
    if (colon != std::string_view::npos) {
      append_param(out, "password", percent_decode(userinfo.substr(colon + 1)));
    }
  }
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) return std::nullopt;
    append_param(out, percent_decode(pair.substr(0, eq)), percent_decode(pair.substr(eq + 1)));
  }
  return out;
}

std::unique_ptr<Store> make_pg_store(const std::string& url) {
  auto conninfo = pg_connection_string(url);
  if (!conninfo) throw StoreError("not a postgresql:// URL: " + url);
  return std::make_unique<PgStore>(*conninfo);
}

}  // namespace otos::storage
