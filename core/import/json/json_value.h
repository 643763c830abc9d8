// One JSON record as a small read-only tree, for importers.
//
// JsonRecordStream hands each wanted record over as a JsonDoc: its nodes sit
// in one vector and all its strings (keys, values, number texts) in one
// buffer, and the stream reuses both for the next record, so reading a
// gigabyte report allocates nothing per record once warmed up. JsonValue is
// a view of one node; it stays valid while its JsonDoc lives unchanged.
//
// The API is the part of nlohmann::json importers use, under the same names
// and with the same results: objects look members up by key with the last
// of duplicate keys winning, and iterate members in key order.
#ifndef CORE_IMPORT_JSON_JSON_VALUE_H_
#define CORE_IMPORT_JSON_JSON_VALUE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/status.h"

namespace exposure {

class JsonDoc;

enum class JsonType : uint8_t {
  kNull,
  kBool,
  kNumber,
  kString,
  kObject,
  kArray,
};

class JsonValue {
 public:
  class Iterator;

  JsonValue() = default;  // null

  JsonType type() const;
  bool is_null() const { return type() == JsonType::kNull; }
  bool is_boolean() const { return type() == JsonType::kBool; }
  bool is_number() const { return type() == JsonType::kNumber; }
  // A number written without fraction or exponent that fits int64.
  bool is_number_integer() const;
  bool is_string() const { return type() == JsonType::kString; }
  bool is_object() const { return type() == JsonType::kObject; }
  bool is_array() const { return type() == JsonType::kArray; }

  // Elements of an array, distinct keys of an object, 0 otherwise.
  size_t size() const;
  bool empty() const { return size() == 0; }

  // The member `key` of an object (the last one when the key repeats), or
  // null.
  JsonValue operator[](std::string_view key) const;
  // Element `i` of an array, or null.
  JsonValue operator[](size_t i) const;
  bool contains(std::string_view key) const;

  // The text of a string (unescaped) or number (as written); "" otherwise.
  std::string_view text() const;

  // std::string (a string's text), bool, int64_t or double; a value of
  // another type gives "" / false / 0.
  template <typename T>
  T get() const;

  // True for a boolean equal to `b` (as nlohmann compares).
  bool operator==(bool b) const;
  bool operator!=(bool b) const { return !(*this == b); }

  // JSON text of a scalar as nlohmann would print it (numbers normalized:
  // 1.50 -> 1.5, 1e2 -> 100.0); objects and arrays print compactly.
  std::string dump() const;

  // Arrays iterate their elements, objects their member values in key
  // order (Iterator::key() names the member), scalars nothing.
  Iterator begin() const;
  Iterator end() const;
  Iterator find(std::string_view key) const;

 private:
  friend class JsonDoc;
  JsonValue(const JsonDoc* doc, uint32_t node) : doc_(doc), node_(node) {}
  uint32_t Member(std::string_view key) const;  // node, or 0 if absent

  const JsonDoc* doc_ = nullptr;
  uint32_t node_ = 0;  // 0 is the null node every JsonDoc starts with
};

template <>
std::string JsonValue::get<std::string>() const;
template <>
bool JsonValue::get<bool>() const;
template <>
int64_t JsonValue::get<int64_t>() const;
template <>
double JsonValue::get<double>() const;

inline bool JsonValue::operator==(bool b) const {
  return is_boolean() && get<bool>() == b;
}

class JsonValue::Iterator {
 public:
  JsonValue operator*() const { return JsonValue(doc_, Node()); }
  JsonValue value() const { return **this; }
  // The member's key (objects); "" for array elements.
  std::string_view key() const;
  Iterator& operator++();
  bool operator==(const Iterator& o) const {
    return node_ == o.node_ && pos_ == o.pos_;
  }
  bool operator!=(const Iterator& o) const { return !(*this == o); }

 private:
  friend class JsonValue;
  uint32_t Node() const { return order_ ? (*order_)[pos_] : node_; }

  const JsonDoc* doc_ = nullptr;
  // Arrays walk the sibling links (node_, 0 at the end). Objects walk
  // `order_`, their distinct members sorted by key (pos_, size at the end).
  uint32_t node_ = 0;
  std::shared_ptr<const std::vector<uint32_t>> order_;
  size_t pos_ = 0;
};

// Owns one tree. Built by JsonDocBuilder (or Parse); movable, and copyable
// as a subtree with Clone().
class JsonDoc {
 public:
  JsonDoc();  // an empty doc (its root is null) allocates nothing

  JsonValue root() const {
    return nodes_.empty() ? JsonValue() : JsonValue(this, root_);
  }

  // A standalone copy of `v` (which may belong to another doc).
  static JsonDoc Clone(JsonValue v);
  // Parses one JSON text; errors are values.
  static Result<JsonDoc> Parse(std::string_view text);

 private:
  friend class JsonValue;
  friend class JsonDocBuilder;

  struct Node {
    JsonType type = JsonType::kNull;
    bool flag = false;     // a bool's value
    uint32_t key_off = 0;  // this node's member key, in strings_
    uint32_t key_len = 0;
    uint32_t text_off = 0;  // string or number text, in strings_
    uint32_t text_len = 0;
    uint32_t first = 0;  // first child (0: none)
    uint32_t next = 0;   // next sibling (0: none)
    uint32_t count = 0;  // children
  };

  std::string_view Str(uint32_t off, uint32_t len) const {
    return std::string_view(strings_.data() + off, len);
  }
  std::string_view Key(uint32_t node) const {
    return Str(nodes_[node].key_off, nodes_[node].key_len);
  }
  void Clear();
  // Copies the subtree at `node` of `from` as a child of nothing; returns
  // its index here.
  uint32_t CopyFrom(const JsonDoc& from, uint32_t node);

  std::vector<Node> nodes_;
  std::string strings_;
  uint32_t root_ = 0;
};

// Builds a JsonDoc from tokenizer-style events; Reset() keeps the storage.
class JsonDocBuilder {
 public:
  // Starts a new tree in `doc`, reusing its storage.
  void Reset(JsonDoc* doc);
  void StartObject() { Open(JsonType::kObject); }
  void StartArray() { Open(JsonType::kArray); }
  void End();  // closes the innermost open object or array
  void Key(std::string_view key);
  void String(std::string_view value);
  void Number(std::string_view text);
  void Bool(bool value);
  void Null();
  // True once the root value is complete.
  bool done() const { return done_; }
  // Storage the tree uses so far; the caller bounds it (offsets are 32-bit).
  size_t bytes() const {
    return doc_->strings_.size() + doc_->nodes_.size() * sizeof(JsonDoc::Node);
  }

 private:
  uint32_t Add(JsonType type);
  // A string or number: its text goes to the doc's buffer.
  void AddText(JsonType type, std::string_view text);
  void Open(JsonType type);

  JsonDoc* doc_ = nullptr;
  struct Open_ {
    uint32_t node;
    uint32_t last;  // last child so far (0: none)
  };
  std::vector<Open_> open_;
  uint32_t key_off_ = 0;
  uint32_t key_len_ = 0;
  bool done_ = false;
};

}  // namespace exposure

#endif  // CORE_IMPORT_JSON_JSON_VALUE_H_
