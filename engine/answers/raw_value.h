// Typed views of a raw Poco::Dynamic::Var without copies: the JSON parser's shapes (std::string,
// JSON::Array::Ptr, JSON::Object::Ptr) and the by-value ones callers may build by hand. Null when
// the value has another shape. Internal to engine/answers.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <typeinfo>

namespace otos::answers {

inline const std::string* as_string(const Poco::Dynamic::Var& v) {
  return v.type() == typeid(std::string) ? &v.extract<std::string>() : nullptr;
}

inline const Poco::JSON::Array* as_array(const Poco::Dynamic::Var& v) {
  if (v.type() == typeid(Poco::JSON::Array::Ptr)) return v.extract<Poco::JSON::Array::Ptr>().get();
  if (v.type() == typeid(Poco::JSON::Array)) return &v.extract<Poco::JSON::Array>();
  return nullptr;
}

inline const Poco::JSON::Object* as_object(const Poco::Dynamic::Var& v) {
  if (v.type() == typeid(Poco::JSON::Object::Ptr))
    return v.extract<Poco::JSON::Object::Ptr>().get();
  if (v.type() == typeid(Poco::JSON::Object)) return &v.extract<Poco::JSON::Object>();
  return nullptr;
}

}  // namespace otos::answers
