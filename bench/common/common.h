// What the benchmarks share: the questionnaire to load, valid response bodies generated from it,
// the disk's fdatasync probe, and number formatting. Must not measure anything itself.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/model/questionnaire.h"

namespace otos::bench {

// The newest valid wave of `survey` in the folder `surveys` (default kohderyhmakysely, else the
// first valid file's questionnaire); null when there is none.
otos::model::QuestionnairePtr find_survey(const std::string& surveys, const std::string& survey);

// Up to `n` distinct request bodies ({"answers":...,"lang":...}) that check_answers accepts,
// the same ones on every run.
std::vector<std::string> make_bodies(const otos::model::Questionnaire& q, size_t n);

// What one durable commit costs this disk right now, in microseconds (see common.cpp); -1 when
// the directory cannot take the probe's file.
double fdatasync_probe_us(const std::string& dir, int pages, int rounds);

std::string masked(const std::string& target);  // a URL's password as ***, fit to print
std::string thousands(double v);                // 12345.6 -> "12,346"
std::string cpu_model();                        // from /proc/cpuinfo
double process_cpu_seconds(int pid);
double own_cpu_seconds();  // this process's user + system so far
// The value after the option args[i] (and i moves onto it); without one: a message, exit 2.
std::string option_value(const std::vector<std::string>& args,
                         size_t& i);  // user + system so far, from /proc; -1 when unreadable

}  // namespace otos::bench
