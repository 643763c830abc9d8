#include "core/render/report_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "tests/test_util.h"

namespace exposure {
namespace {

// What one test entry is compared by and carries.
struct Item {
  OrderEntry e;
  std::string name;
  std::string location;
  std::string record;
};

// Rule r's id: few distinct ids, so that rules tie on id, as rules of two
// formats with the same id do.
std::string RuleId(uint32_t r) {
  return "rule-" + std::to_string(r % 7);
}

std::vector<Item> RandomItems(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  auto pick = [&](uint32_t k) { return static_cast<uint32_t>(rng() % k); };
  std::vector<Item> items(n);
  for (size_t i = 0; i < n; ++i) {
    Item& it = items[i];
    // Few distinct values per field, so that every tie-breaker is reached.
    it.e.primary = pick(4);
    it.e.port = pick(3);
    it.e.rule = pick(12);
    it.e.key = pick(5);
    it.e.index = static_cast<uint32_t>(i);
    it.e.block = pick(100);
    it.e.offset = pick(100000);
    it.e.copied = pick(2) == 0;
    it.e.own_texts = pick(2) == 0;
    it.name = std::string(pick(3), 'n');
    it.location = std::string(pick(3), 'l');
    if (it.e.copied)
      it.record = std::string(pick(3000), static_cast<char>('a' + pick(26)));
  }
  return items;
}

// The report order, written out plainly.
bool Before(const Item& a, const Item& b) {
  return std::make_tuple(a.e.primary, a.e.port, RuleId(a.e.rule), a.name,
                         a.location, a.e.key, a.e.index) <
         std::make_tuple(b.e.primary, b.e.port, RuleId(b.e.rule), b.name,
                         b.location, b.e.key, b.e.index);
}

std::vector<uint32_t> Ranks() {
  std::vector<uint32_t> rank(12);
  for (uint32_t r = 0; r < rank.size(); ++r)
    rank[r] = r % 7;  // the order of RuleId
  return rank;
}

// Reads `order` and checks it gives `items` sorted, with their records.
void ExpectSorted(const ReportOrder& order,
                  std::vector<Item> items,
                  bool records) {
  std::sort(items.begin(), items.end(), Before);
  std::unique_ptr<ReportOrder::Reader> r = order.Read(records);
  for (const Item& want : items) {
    ASSERT_TRUE(r->Next()) << "ends early";
    const OrderEntry& got = r->entry();
    ASSERT_EQ(got.index, want.e.index);
    EXPECT_EQ(got.primary, want.e.primary);
    EXPECT_EQ(got.key, want.e.key);
    EXPECT_EQ(got.rule, want.e.rule);
    EXPECT_EQ(got.block, want.e.block);
    EXPECT_EQ(got.offset, want.e.offset);
    EXPECT_EQ(got.copied, want.e.copied);
    EXPECT_EQ(got.own_texts, want.e.own_texts);
    if (records && want.e.copied) {
      ASSERT_EQ(r->record(), want.record) << "entry " << want.e.index;
    }
  }
  EXPECT_FALSE(r->Next());
  EXPECT_TRUE(order.status().ok()) << order.status().message();
}

void AddAll(ReportOrder* order, const std::vector<Item>& items) {
  order->Reserve(items.size());
  for (const Item& it : items)
    order->Add(it.e, it.name, it.location, it.record);
  order->Finish(Ranks());
}

std::vector<std::string> RuleIds() {
  std::vector<std::string> ids(12);
  for (uint32_t r = 0; r < ids.size(); ++r)
    ids[r] = RuleId(r);
  return ids;
}

TEST(ReportOrder, InMemoryEntriesComeOutInReportOrder) {
  std::vector<Item> items = RandomItems(5000, 1);
  const std::vector<std::string> ids = RuleIds();
  // No spill space: a budget far below the entries changes nothing.
  ReportOrder order(nullptr, 1024,
                    [&ids](uint32_t r) { return std::string_view(ids[r]); });
  AddAll(&order, items);
  EXPECT_EQ(order.runs(), 0u);
  ExpectSorted(order, items, true);
}

TEST(ReportOrder, SpilledRunsMergeIntoTheSameOrder) {
  std::vector<Item> items = RandomItems(5000, 2);
  const std::vector<std::string> ids = RuleIds();
  MemorySpill spill;
  ASSERT_TRUE(spill.Append("bytes before the report").ok());
  const uint64_t before = spill.size();
  {
    ReportOrder order(&spill, 256 * 1024,
                      [&ids](uint32_t r) { return std::string_view(ids[r]); });
    AddAll(&order, items);
    EXPECT_GT(order.runs(), 5u);
    EXPECT_LE(order.runs(), 64u);
    // Read twice, with and without records, as the report does.
    ExpectSorted(order, items, false);
    ExpectSorted(order, items, true);
  }
  EXPECT_EQ(spill.size(), before) << "the runs are given back";
}

TEST(ReportOrder, ManyRunsAreMergedIntoFewerBeforeReading) {
  std::vector<Item> items = RandomItems(20000, 5);
  const std::vector<std::string> ids = RuleIds();
  MemorySpill spill;
  ReportOrder order(&spill, 32 * 1024,
                    [&ids](uint32_t r) { return std::string_view(ids[r]); });
  order.Reserve(items.size());
  for (const Item& it : items)
    order.Add(it.e, it.name, it.location, it.record);
  const size_t spilled = order.runs();
  EXPECT_GT(spilled, 200u);
  order.Finish(Ranks());
  // At most 64 read buffers, however many runs the budget made.
  EXPECT_LE(order.runs(), 64u);
  ExpectSorted(order, items, false);
  ExpectSorted(order, items, true);
}

TEST(ReportOrder, AFullSpillSpaceKeepsTheRestInMemory) {
  std::vector<Item> items = RandomItems(4000, 3);
  const std::vector<std::string> ids = RuleIds();
  MemorySpill spill(/*fail_after=*/1 << 20);
  ReportOrder order(&spill, 64 * 1024,
                    [&ids](uint32_t r) { return std::string_view(ids[r]); });
  AddAll(&order, items);
  EXPECT_GT(order.runs(), 2u);
  ExpectSorted(order, items, true);
}

TEST(ReportOrder, AnUnreadableRunEndsTheOrderWithAnError) {
  std::vector<Item> items = RandomItems(4000, 4);
  const std::vector<std::string> ids = RuleIds();
  testing::FailingReadsSpill spill(/*reads_left=*/30);
  ReportOrder order(&spill, 64 * 1024,
                    [&ids](uint32_t r) { return std::string_view(ids[r]); });
  AddAll(&order, items);
  ASSERT_GT(order.runs(), 2u);
  std::unique_ptr<ReportOrder::Reader> r = order.Read(true);
  size_t read = 0;
  while (r->Next())
    ++read;
  EXPECT_LT(read, items.size());
  ASSERT_FALSE(order.status().ok());
  EXPECT_NE(order.status().message().find("device gone"), std::string::npos);
}

}  // namespace
}  // namespace exposure
