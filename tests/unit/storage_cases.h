// The storage test cases every Store implementation must pass (memory and SQLite in
// storage_test.cpp, PostgreSQL in tests/pg/pg_store_test.cpp). The including file defines
// store_backends(): each backend opens a fresh, empty store. Not a test on its own.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/storage/store.h"

namespace storage_cases {

using namespace otos::storage;

struct Backend {
  std::string name;
  std::function<std::unique_ptr<Store>()> open_empty;
};

}  // namespace storage_cases

// Defined by the file that includes this header.
std::vector<storage_cases::Backend> store_backends();

namespace storage_cases {

inline NewResponse response(const std::string& answers, const std::string& invitation = "",
                            const std::string& submission_id = "", int version = 2026,
                            const std::string& survey = "family") {
  NewResponse r;
  r.survey = survey;
  r.version = version;
  r.lang = "fi";
  r.invitation = invitation;
  r.submission_id = submission_id;
  r.answers_json = answers;
  return r;
}

inline bool is_iso_utc(const std::string& s) {
  static const std::regex re(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)");
  return std::regex_match(s, re);
}

inline bool is_response_id(const std::string& s) {
  static const std::regex re("[0-9a-hjkmnp-tv-z]{26}");
  return std::regex_match(s, re);
}

// Runs `n` threads that all call fn(i) at once (released together by a start flag).
template <typename Fn>
void run_parallel(int n, Fn fn) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (!go.load()) std::this_thread::yield();
      fn(i);
    });
  }
  while (ready.load() < n) std::this_thread::yield();
  go = true;
  for (auto& t : threads) t.join();
}

}  // namespace storage_cases

TEST_CASE("store: insert, find, duplicate, conflict, token used") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    InsertResult first = store->insert_response(response(R"({"q":"a"})", "tok1", "sub1"));
    CHECK(first.status == InsertStatus::Created);
    CHECK(is_response_id(first.id));

    auto row = store->find_response(first.id);
    REQUIRE(row);
    CHECK(row->id == first.id);
    CHECK(row->survey == "family");
    CHECK(row->version == 2026);
    CHECK(row->lang == "fi");
    CHECK(row->invitation == "tok1");
    CHECK(row->answers_json == R"({"q":"a"})");
    CHECK(is_iso_utc(row->submitted_at));
    CHECK_FALSE(store->find_response("nope").has_value());

    // Same submission_id, same answers: the first id again, nothing stored.
    InsertResult dup = store->insert_response(response(R"({"q":"a"})", "tok1", "sub1"));
    CHECK(dup.status == InsertStatus::Duplicate);
    CHECK(dup.id == first.id);
    // Same submission_id, other answers: conflict.
    InsertResult conflict = store->insert_response(response(R"({"q":"b"})", "", "sub1"));
    CHECK(conflict.status == InsertStatus::Conflict);
    CHECK(conflict.id.empty());
    // The invitation already has a response.
    InsertResult used = store->insert_response(response(R"({"q":"b"})", "tok1", "sub2"));
    CHECK(used.status == InsertStatus::TokenUsed);
    CHECK(used.id.empty());
    // Public responses without keys are all stored.
    CHECK(store->insert_response(response(R"({"q":"c"})")).status == InsertStatus::Created);
    CHECK(store->insert_response(response(R"({"q":"c"})")).status == InsertStatus::Created);
    // sub2 was not used by the refused insert.
    CHECK(store->insert_response(response(R"({"q":"d"})", "", "sub2")).status ==
          InsertStatus::Created);
    CHECK(store->count_responses("family", std::nullopt) == 4);
    CHECK(store->count_responses("family", 2026) == 4);
    CHECK(store->count_responses("family", 2025) == 0);
    CHECK(store->count_responses("other", std::nullopt) == 0);
  }
}

TEST_CASE("store: 20 parallel posts with one invitation token store exactly one") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    std::vector<InsertResult> results(20);
    run_parallel(20, [&](int i) {
      results[static_cast<size_t>(i)] =
          store->insert_response(response("{\"n\":" + std::to_string(i) + "}", "the-token"));
    });
    int created = 0;
    int used = 0;
    for (const auto& r : results) {
      created += r.status == InsertStatus::Created;
      used += r.status == InsertStatus::TokenUsed;
    }
    CHECK(created == 1);
    CHECK(used == 19);
    CHECK(store->count_responses("family", std::nullopt) == 1);
  }
}

TEST_CASE("store: 20 parallel retries with one submission_id store one and answer its id") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    std::vector<InsertResult> results(20);
    run_parallel(20, [&](int i) {
      results[static_cast<size_t>(i)] =
          store->insert_response(response(R"({"q":"same"})", "", "retry-1"));
    });
    int created = 0;
    std::set<std::string> ids;
    for (const auto& r : results) {
      created += r.status == InsertStatus::Created;
      CHECK((r.status == InsertStatus::Created || r.status == InsertStatus::Duplicate));
      ids.insert(r.id);
    }
    CHECK(created == 1);
    CHECK(ids.size() == 1);
    CHECK(store->count_responses("family", std::nullopt) == 1);
  }
}

TEST_CASE("store: many concurrent writers are all stored (group commit)") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    constexpr int kThreads = 16;
    constexpr int kEach = 100;
    std::vector<std::vector<std::string>> ids(kThreads);
    std::atomic<int> not_created{0};
    run_parallel(kThreads, [&](int t) {
      for (int i = 0; i < kEach; ++i) {
        std::string key = std::to_string(t) + "-" + std::to_string(i);
        InsertResult r = store->insert_response(response("{\"k\":\"" + key + "\"}", "", key));
        if (r.status != InsertStatus::Created) ++not_created;
        ids[static_cast<size_t>(t)].push_back(r.id);
      }
    });
    CHECK(not_created.load() == 0);
    std::set<std::string> all;
    for (const auto& v : ids) all.insert(v.begin(), v.end());
    CHECK(all.size() == static_cast<size_t>(kThreads * kEach));
    CHECK(store->count_responses("family", std::nullopt) == kThreads * kEach);
    // Each thread's responses come back in the order it submitted them.
    std::vector<size_t> next(kThreads, 0);
    bool ordered = true;
    store->scan_responses("family", std::nullopt, [&](const ResponseRow& row) {
      std::string k = row.answers_json.substr(6, row.answers_json.size() - 8);
      size_t t = std::stoul(k.substr(0, k.find('-')));
      if (t >= next.size() || ids[t][next[t]] != row.id) ordered = false;
      if (t < next.size()) ++next[t];
    });
    CHECK(ordered);
  }
}

TEST_CASE("store: commit_stats counts the group commit's transactions and responses") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    CHECK(store->commit_stats().commits == 0);
    CHECK(store->commit_stats().responses == 0);
    // One caller at a time: each response is its own commit; a duplicate is answered by one too.
    store->insert_response(response(R"({"q":"a"})", "", "s1"));
    store->insert_response(response(R"({"q":"b"})"));
    CHECK(store->insert_response(response(R"({"q":"a"})", "", "s1")).status ==
          InsertStatus::Duplicate);
    CommitStats serial = store->commit_stats();
    run_parallel(8, [&](int i) {
      store->insert_response(response("{\"q\":\"" + std::to_string(i) + "\"}"));
    });
    CommitStats all = store->commit_stats();
    if (b.name == "memory") {  // no group commit: nothing to count
      CHECK(all.commits == 0);
      CHECK(all.responses == 0);
      continue;
    }
    CHECK(serial.commits == 3);
    CHECK(serial.responses == 3);
    CHECK(all.responses == 11);
    CHECK(all.commits >= 4);  // the 8 parallel calls took 1 to 8 commits
    CHECK(all.commits <= 11);
  }
}

TEST_CASE("store: packed copies are kept apart by wave and layout, binary-safe") {
  using namespace storage_cases;
  const int64_t layout = 0x123456789a;  // wider than 32 bits
  const std::string bytes[] = {std::string("\x01\x00\xff", 3), std::string("\x00\x00"
                                                                           "abc",
                                                                           5)};
  auto packed = [&](const std::string& answers, size_t which, int version = 2026,
                    const std::string& survey = "s", const std::string& submission_id = "") {
    NewResponse r = response(answers, "", submission_id, version, survey);
    r.layout = layout;
    r.packed = bytes[which];
    return r;
  };
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    std::vector<std::string> ids;
    ids.push_back(store->insert_response(packed(R"({"q":"0"})", 0, 2026, "s", "sub")).id);
    NewResponse second = packed(R"({"q":"1"})", 1);
    second.lang = "en";
    ids.push_back(store->insert_response(second).id);
    store->insert_response(response(R"({"q":"2"})", "", "", 2026, "s"));  // not packed
    // A retry is answered by the first row and adds no packed copy.
    CHECK(store->insert_response(packed(R"({"q":"0"})", 0, 2026, "s", "sub")).status ==
          InsertStatus::Duplicate);
    CHECK(store->count_responses("s", 2026) == 3);
    CHECK(store->count_packed("s", 2026, layout) == 2);
    CHECK(store->count_packed("s", 2026, layout + 1) == 0);
    CHECK(store->count_packed("s", 2025, layout) == 0);
    CHECK(store->count_packed("t", 2026, layout) == 0);
    CHECK_FALSE(store->all_packed("s", 2026, layout));  // the third response is not packed
    CHECK_FALSE(store->all_packed("t", 2026, layout));  // no responses at all
    std::vector<std::string> seen;
    store->scan_packed("s", 2026, layout, [&](const PackedRow& row) {
      const size_t i = seen.size();
      REQUIRE(i < 2);
      CHECK(row.id == ids[i]);
      CHECK(row.version == 2026);
      CHECK(row.lang == (i == 0 ? "fi" : "en"));
      CHECK(row.packed == bytes[i]);
      auto stored = store->find_response(ids[i]);
      REQUIRE(stored);
      CHECK(row.submitted_at == stored->submitted_at);
      seen.emplace_back(row.id);
    });
    CHECK(seen.size() == 2);
    // A wave whose every response is packed, one by insert_response and one by insert_all.
    store->insert_response(packed(R"({"q":"3"})", 1, 2025));
    store->insert_all({packed(R"({"q":"4"})", 0, 2025)});
    CHECK(store->count_packed("s", 2025, layout) == 2);
    CHECK(store->all_packed("s", 2025, layout));
    CHECK_FALSE(store->all_packed("s", 2025, layout + 1));
  }
}

TEST_CASE("store: add_packed gives stored responses their copies, replacing stale ones") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i)  // stored without copies
      ids.push_back(store->insert_response(response("{\"i\":" + std::to_string(i) + "}")).id);
    NewResponse stale = response(R"({"i":3})");
    stale.layout = 5;
    stale.packed = "old";
    ids.push_back(store->insert_response(stale).id);
    store->insert_response(response(R"({"i":4})", "", "", 2026, "other"));  // another survey
    CHECK_FALSE(store->all_packed("family", 2026, 7));

    std::vector<PackedCopy> copies;
    for (size_t i = 0; i < ids.size(); ++i)
      copies.push_back({ids[i], 7, std::string("\x00new", 4) + std::to_string(i)});
    copies.push_back({"no-such-response", 7, "x"});
    CHECK(store->add_packed(copies) == 4);
    CHECK(store->all_packed("family", 2026, 7));
    CHECK(store->count_packed("family", 2026, 7) == 4);
    CHECK(store->count_packed("family", 2026, 5) == 0);
    CHECK(store->count_packed("other", 2026, 7) == 0);
    size_t k = 0;
    store->scan_packed("family", 2026, 7, [&](const PackedRow& row) {
      REQUIRE(k < ids.size());
      CHECK(row.id == ids[k]);
      CHECK(row.packed == std::string("\x00new", 4) + std::to_string(k));
      ++k;
    });
    CHECK(k == 4);
    CHECK(store->add_packed({}) == 0);
  }
}

TEST_CASE("store: scan streams in submission order, by version or all") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    std::vector<std::string> ids;
    for (int i = 0; i < 30; ++i) {
      ids.push_back(store
                        ->insert_response(response("{\"i\":" + std::to_string(i) + "}", "", "",
                                                   i % 3 == 0 ? 2025 : 2026))
                        .id);
    }
    store->insert_response(response("{}", "", "", 2026, "other"));
    std::vector<std::string> seen;
    store->scan_responses("family", std::nullopt,
                          [&](const ResponseRow& r) { seen.push_back(r.id); });
    CHECK(seen == ids);
    seen.clear();
    std::vector<std::string> wave2025;
    for (int i = 0; i < 30; i += 3) wave2025.push_back(ids[static_cast<size_t>(i)]);
    store->scan_responses("family", 2025, [&](const ResponseRow& r) {
      CHECK(r.version == 2025);
      seen.push_back(r.id);
    });
    CHECK(seen == wave2025);
    int n = 0;
    store->scan_responses("nothing", std::nullopt, [&](const ResponseRow&) { ++n; });
    CHECK(n == 0);
  }
}

TEST_CASE("store: a scan longer than one chunk keeps order and misses nothing") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    constexpr int kRows = 25001;
    std::vector<NewResponse> rs;
    for (int i = 0; i < kRows; ++i) {
      rs.push_back(response("{\"i\":" + std::to_string(i) + "}"));
      rs.back().layout = 7;
      rs.back().packed = std::to_string(i) + std::string(1, '\0');
    }
    std::vector<std::string> ids = store->insert_all(rs);
    REQUIRE(ids.size() == static_cast<size_t>(kRows));
    size_t k = 0;
    bool ordered = true;
    store->scan_responses("family", 2026, [&](const ResponseRow& r) {
      if (k >= ids.size() || r.id != ids[k] || r.answers_json != rs[k].answers_json) {
        ordered = false;
      }
      ++k;
    });
    CHECK(k == static_cast<size_t>(kRows));
    CHECK(ordered);
    CHECK(store->count_responses("family", 2026) == kRows);
    // The packed copies too.
    k = 0;
    store->scan_packed("family", 2026, 7, [&](const PackedRow& r) {
      if (k >= ids.size() || r.id != ids[k] || r.packed != rs[k].packed) ordered = false;
      ++k;
    });
    CHECK(k == static_cast<size_t>(kRows));
    CHECK(ordered);
    CHECK(store->all_packed("family", 2026, 7));
  }
}

TEST_CASE("store: insert_all is all or nothing") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    store->insert_response(response(R"({"q":"x"})", "used-token"));
    std::vector<NewResponse> batch = {response(R"({"q":"1"})", "t1", "s1"),
                                      response(R"({"q":"2"})", "t2", "s2"),
                                      response(R"({"q":"3"})", "used-token")};
    CHECK_THROWS_AS(store->insert_all(batch), StoreError);
    CHECK(store->count_responses("family", std::nullopt) == 1);
    // Two items of one batch with the same token fail it too.
    std::vector<NewResponse> twice = {response(R"({"q":"1"})", "t9"),
                                      response(R"({"q":"2"})", "t9")};
    CHECK_THROWS_AS(store->insert_all(twice), StoreError);
    CHECK(store->count_responses("family", std::nullopt) == 1);
    // Nothing of the failed batches was kept: their keys are free.
    batch.pop_back();
    auto ids = store->insert_all(batch);
    CHECK(ids.size() == 2);
    CHECK(store->count_responses("family", std::nullopt) == 3);
    CHECK(store->insert_all({}).empty());
  }
}

TEST_CASE("store: questionnaire versions are kept per wave") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    store->put_survey_version(SurveyVersion{"family", 2026, "id: family\n", "aa", ""});
    store->put_survey_version(SurveyVersion{"family", 2025, "id: family # 2025\n", "bb", ""});
    store->put_survey_version(SurveyVersion{"alpha", 1, "id: alpha\n", "cc", ""});
    store->put_survey_version(SurveyVersion{"family", 2026, "id: family\n", "aa", ""});
    auto v = store->survey_versions();
    REQUIRE(v.size() == 3);
    CHECK(v[0].survey == "alpha");
    CHECK(v[1].survey == "family");
    CHECK(v[1].version == 2025);
    CHECK(v[1].yaml == "id: family # 2025\n");
    CHECK(v[2].version == 2026);
    CHECK(v[2].sha256 == "aa");
    CHECK(is_iso_utc(v[2].stored_at));
    // The same wave with another text replaces it.
    store->put_survey_version(SurveyVersion{"family", 2026, "id: family\ntitle: x\n", "dd", ""});
    v = store->survey_versions();
    REQUIRE(v.size() == 3);
    CHECK(v[2].yaml == "id: family\ntitle: x\n");
    CHECK(v[2].sha256 == "dd");
  }
}

TEST_CASE("store: invitations and drafts") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    Invitation inv;
    inv.token = random_token();
    inv.survey = "family";
    inv.name = "Maija";
    inv.groups = {{"municipality", "853"}, {"role", "parent \"x\""}};
    store->create_invitation(inv);
    Invitation other = inv;
    other.token = random_token();
    other.name = "Anna";
    other.groups.clear();
    store->create_invitation(other);
    CHECK_THROWS_AS(store->create_invitation(inv), StoreError);

    auto found = store->find_invitation(inv.token);
    REQUIRE(found);
    CHECK(found->survey == "family");
    CHECK(found->name == "Maija");
    CHECK(found->groups == inv.groups);
    CHECK(is_iso_utc(found->created_at));
    CHECK(found->response_id.empty());
    CHECK_FALSE(found->has_draft);
    CHECK_FALSE(store->find_invitation("unknown").has_value());

    CHECK_FALSE(store->load_draft(inv.token).has_value());
    store->save_draft(Draft{inv.token, R"({"q":"a"})", 1, ""});
    store->save_draft(Draft{inv.token, R"({"q":"b"})", 2, ""});
    auto draft = store->load_draft(inv.token);
    REQUIRE(draft);
    CHECK(draft->answers_json == R"({"q":"b"})");
    CHECK(draft->page == 2);
    CHECK(is_iso_utc(draft->updated_at));
    CHECK(store->find_invitation(inv.token)->has_draft);

    InsertResult r = store->insert_response(response(R"({"q":"b"})", inv.token));
    REQUIRE(r.status == InsertStatus::Created);
    CHECK(store->find_invitation(inv.token)->response_id == r.id);

    auto list = store->list_invitations("family");
    REQUIRE(list.size() == 2);
    // Same second: ordered by name.
    if (list[0].created_at == list[1].created_at) {
      CHECK(list[0].name == "Anna");
      CHECK(list[1].name == "Maija");
    }
    CHECK(store->list_invitations("other").empty());
  }
}

TEST_CASE("store: old drafts are forgotten by key prefix and age only") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    store->save_draft(Draft{"s:family:abc", "{}", 0, ""});
    store->save_draft(Draft{"s:kunta:def", "{}", 0, ""});
    store->save_draft(Draft{"invitation-token", "{}", 0, ""});
    store->save_draft(Draft{"xs:family:ghi", "{}", 0, ""});
    store->delete_drafts_before("s:", "2000-01-01T00:00:00Z");  // all are newer: none goes
    CHECK(store->load_draft("s:family:abc").has_value());
    store->delete_drafts_before("s:", "9999-12-31T23:59:59Z");
    CHECK_FALSE(store->load_draft("s:family:abc").has_value());
    CHECK_FALSE(store->load_draft("s:kunta:def").has_value());
    CHECK(store->load_draft("invitation-token").has_value());
    CHECK(store->load_draft("xs:family:ghi").has_value());
  }
}

TEST_CASE("store: user names ignore case, Unicode letters too; a user is named as created") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    NewUserSecrets admin = store->create_user("admin", Role::Admin);
    CHECK_THROWS_AS(store->create_user("Admin", Role::Analyst), StoreError);
    NewUserSecrets aijala = store->create_user("Äijälä", Role::Coordinator);
    CHECK_THROWS_AS(store->create_user("äIJÄLÄ", Role::Analyst), StoreError);
    auto folded = store->authenticate_password("ÄIJÄLÄ", aijala.password);
    REQUIRE(folded);
    CHECK(folded->id == aijala.user.id);
    CHECK(folded->name == "Äijälä");
    CHECK(store->authenticate_password("ADMIN", admin.password)->name == "admin");
    CHECK_FALSE(store->authenticate_password("ADMIN", aijala.password).has_value());
    CHECK(store->list_users().size() == 2u);
  }
}

TEST_CASE("store: users, passwords and API tokens") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    NewUserSecrets admin = store->create_user("admin", Role::Admin);
    NewUserSecrets ana = store->create_user("ana", Role::Analyst);
    CHECK(admin.user.name == "admin");
    CHECK(admin.user.role == Role::Admin);
    CHECK(admin.user.id != ana.user.id);
    CHECK(std::regex_match(admin.password,
                           std::regex("[0-9a-z]{5}-[0-9a-z]{5}-[0-9a-z]{5}-[0-9a-z]{5}")));
    CHECK(std::regex_match(admin.api_token, std::regex("otos_[0-9a-z]{10}_[A-Za-z0-9_-]{43}")));
    CHECK_THROWS_AS(store->create_user("admin", Role::Analyst), StoreError);

    auto u = store->authenticate_password("admin", admin.password);
    REQUIRE(u);
    CHECK(u->id == admin.user.id);
    CHECK(u->role == Role::Admin);
    CHECK_FALSE(store->authenticate_password("admin", ana.password).has_value());
    CHECK_FALSE(store->authenticate_password("nobody", admin.password).has_value());
    CHECK_FALSE(store->authenticate_password("admin", "").has_value());

    auto t = store->authenticate_token(ana.api_token);
    REQUIRE(t);
    CHECK(t->name == "ana");
    CHECK(t->role == Role::Analyst);
    // Again, from the cache.
    CHECK(store->authenticate_token(ana.api_token)->id == ana.user.id);
    // Right token id, wrong secret.
    std::string forged = ana.api_token;
    forged.back() = forged.back() == 'A' ? 'B' : 'A';
    CHECK_FALSE(store->authenticate_token(forged).has_value());
    CHECK_FALSE(store->authenticate_token("").has_value());
    CHECK_FALSE(store->authenticate_token("otos_").has_value());
    CHECK_FALSE(store->authenticate_token("Bearer x").has_value());
    CHECK_FALSE(store->authenticate_token("otos_aaaaaaaaaa_" + std::string(43, 'x')).has_value());
    CHECK_FALSE(store->authenticate_token(admin.password).has_value());

    auto users = store->list_users();
    REQUIRE(users.size() == 2);
    CHECK(users[0].name == "admin");
    CHECK(users[1].name == "ana");
  }
}

TEST_CASE("store: user management (role, password, API token)") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    NewUserSecrets ana = store->create_user("ana", Role::Analyst);
    REQUIRE(store->authenticate_token(ana.api_token));  // now cached

    CHECK(store->find_user(ana.user.id)->name == "ana");
    CHECK_FALSE(store->find_user(ana.user.id + 100).has_value());

    CHECK(store->set_user_role(ana.user.id, Role::Coordinator));
    CHECK_FALSE(store->set_user_role(ana.user.id + 100, Role::Admin));
    CHECK(store->find_user(ana.user.id)->role == Role::Coordinator);
    // The cached token answers the new role, not the old one.
    CHECK(store->authenticate_token(ana.api_token)->role == Role::Coordinator);

    store->create_session("session-1", ana.user.id, "csrf-1", 1000);
    auto password = store->reset_password(ana.user.id);
    REQUIRE(password);
    CHECK(*password != ana.password);
    CHECK_FALSE(store->authenticate_password("ana", ana.password).has_value());
    CHECK(store->authenticate_password("ana", *password)->id == ana.user.id);
    CHECK_FALSE(store->find_session("session-1", 1000, 3600).has_value());  // ended by the reset
    CHECK_FALSE(store->reset_password(ana.user.id + 100).has_value());

    auto token = store->replace_api_token(ana.user.id);
    REQUIRE(token);
    CHECK(std::regex_match(*token, std::regex("otos_[0-9a-z]{10}_[A-Za-z0-9_-]{43}")));
    CHECK_FALSE(store->authenticate_token(ana.api_token).has_value());
    CHECK(store->authenticate_token(*token)->name == "ana");
    CHECK_FALSE(store->replace_api_token(ana.user.id + 100).has_value());
  }
}

TEST_CASE("store: staff sessions expire when idle and end on delete") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    NewUserSecrets admin = store->create_user("admin", Role::Admin);
    store->create_session("tok-a", admin.user.id, "csrf-a", 1000);
    store->create_session("tok-b", admin.user.id, "csrf-b", 1000);

    auto s = store->find_session("tok-a", 1030, 100);
    REQUIRE(s);
    CHECK(s->user.name == "admin");
    CHECK(s->user.role == Role::Admin);
    CHECK(s->csrf == "csrf-a");
    CHECK(s->created_at == 1000);
    CHECK(s->last_seen == 1000);  // touched at most once a minute
    s = store->find_session("tok-a", 1090, 100);
    REQUIRE(s);
    CHECK(s->last_seen == 1090);
    // Seen at 1090: still alive at 1190, gone after.
    CHECK(store->find_session("tok-a", 1190, 100).has_value());
    CHECK_FALSE(store->find_session("tok-b", 1101, 100).has_value());  // idle since 1000
    CHECK_FALSE(store->find_session("tok-b", 1000, 100).has_value());  // deleted when expired
    CHECK_FALSE(store->find_session("nope", 1000, 100).has_value());

    // A role changed while signed in applies to the session at once.
    CHECK(store->set_user_role(admin.user.id, Role::Analyst));
    CHECK(store->find_session("tok-a", 1200, 100)->user.role == Role::Analyst);

    store->delete_session("tok-a");
    CHECK_FALSE(store->find_session("tok-a", 1200, 100).has_value());

    // A new session forgets the ones not seen for a week, whatever idle limit a reader uses.
    store->create_session("tok-old", admin.user.id, "x", 2000);
    store->create_session("tok-recent", admin.user.id, "y", 2000 + 3 * 24 * 3600);
    store->create_session("tok-new", admin.user.id, "z", 2001 + 7 * 24 * 3600);
    const int64_t year = 365 * 24 * 3600;
    CHECK_FALSE(store->find_session("tok-old", 2001 + 7 * 24 * 3600, year).has_value());
    CHECK(store->find_session("tok-recent", 2001 + 7 * 24 * 3600, year).has_value());
    CHECK(store->find_session("tok-new", 2001 + 7 * 24 * 3600, year)->csrf == "z");
  }
}

TEST_CASE("store: failed sign-ins are counted per key within a window") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    store->record_login_failure({"user:ana", "addr:10.0.0.1"}, 1000);
    store->record_login_failure({"user:ana", "addr:10.0.0.2"}, 1100);
    store->record_login_failure({"user:bob", "addr:10.0.0.1"}, 1200);
    CHECK(store->count_login_failures("user:ana", 0) == 2);
    CHECK(store->count_login_failures("user:ana", 1050) == 1);
    CHECK(store->count_login_failures("addr:10.0.0.1", 1000) == 2);
    CHECK(store->count_login_failures("addr:10.0.0.1", 1001) == 1);
    CHECK(store->count_login_failures("user:carl", 0) == 0);
    store->clear_login_failures("user:ana");
    CHECK(store->count_login_failures("user:ana", 0) == 0);
    CHECK(store->count_login_failures("addr:10.0.0.2", 0) == 1);
    // A failure a day later forgets the old ones.
    store->record_login_failure({"user:bob"}, 1200 + 24 * 3600 + 1);
    CHECK(store->count_login_failures("addr:10.0.0.1", 0) == 0);
    CHECK(store->count_login_failures("user:bob", 0) == 1);
  }
}

TEST_CASE("store: the audit log lists the newest entries first") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    CHECK(store->list_audit(10).empty());
    store->append_audit({0, "", "admin", "sign-in", "", "127.0.0.1"});
    store->append_audit({0, "", "admin", "publish", "family@2026", "127.0.0.1"});
    store->append_audit({0, "", "ana", "download", "family results.csv", "10.0.0.5"});
    auto all = store->list_audit(10);
    REQUIRE(all.size() == 3);
    CHECK(all[0].user == "ana");
    CHECK(all[0].action == "download");
    CHECK(all[0].detail == "family results.csv");
    CHECK(all[0].address == "10.0.0.5");
    CHECK(is_iso_utc(all[0].at));
    CHECK(all[1].action == "publish");
    CHECK(all[2].action == "sign-in");
    CHECK(all[0].seq > all[1].seq);
    CHECK(all[1].seq > all[2].seq);
    auto two = store->list_audit(2);
    REQUIRE(two.size() == 2);
    CHECK(two[1].action == "publish");
  }
}

TEST_CASE("store: create_invitations stores all or none") {
  using namespace storage_cases;
  for (const auto& b : store_backends()) {
    INFO("store: " << b.name);
    auto store = b.open_empty();
    std::vector<Invitation> many;
    for (int i = 0; i < 3; ++i) {
      Invitation inv;
      inv.token = "bulk-" + std::to_string(i);
      inv.survey = "family";
      inv.name = "Person " + std::to_string(i);
      inv.groups = {{"municipality", i % 2 ? "202" : "853"}};
      many.push_back(inv);
    }
    store->create_invitations(many);
    auto listed = store->list_invitations("family");
    REQUIRE(listed.size() == 3);
    CHECK(listed[0].name == "Person 0");
    CHECK(listed[1].groups.at("municipality") == "202");
    CHECK(is_iso_utc(listed[2].created_at));
    // One token already taken: nothing of the second batch is stored.
    many[0].token = "bulk-new";
    many[1].token = "bulk-2";
    many[2].token = "bulk-other";
    CHECK_THROWS_AS(store->create_invitations(many), StoreError);
    CHECK(store->list_invitations("family").size() == 3);
    CHECK_FALSE(store->find_invitation("bulk-new").has_value());
    store->create_invitations({});
    CHECK(store->list_invitations("family").size() == 3);
  }
}
