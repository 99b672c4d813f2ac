#include "src/batch/record_decider.h"

#include <climits>
#include <exception>
#include <new>

#include "absl/strings/str_cat.h"
#include "google/protobuf/stubs/logging.h"
#include "povmon/explain.h"
#include "povmon/json.h"

namespace povmon::batch {
namespace {

std::string_view MessageOf(const absl::Status& status) {
  return std::string_view(status.message().data(), status.message().size());
}

std::string WarningMessage(std::string_view id, std::uint64_t first_index,
                           std::uint64_t first_line) {
  std::string out = absl::StrCat("household id ", JsonQuote(id),
                                 " was already used by record ", first_index);
  if (first_line > 0) absl::StrAppend(&out, " (line ", first_line, ")");
  absl::StrAppend(&out, " of this batch");
  return out;
}

// The "warnings" array of an error record, as a Decision's would print.
void AppendWarningsJson(std::string_view id, std::uint64_t first_index, std::uint64_t first_line,
                        std::string* out) {
  absl::StrAppend(out, ",\"warnings\":[{\"code\":\"",
                  v1::WarningCode_Name(v1::WARNING_CODE_DUPLICATE_HOUSEHOLD_ID),
                  "\",\"message\":", JsonQuote(WarningMessage(id, first_index, first_line)),
                  ",\"first_index\":\"", first_index, "\",\"first_line\":\"", first_line,
                  "\",\"field\":\"id\"}]");
}

}  // namespace

std::string RecordDecider::TooLongMessage(std::size_t size) const {
  const std::size_t limit = options_.max_record_bytes;
  std::string out = absl::StrCat(
      options_.input == BatchInput::kJsonLines ? "the line" : "the record",
      " is longer than the limit of ", limit, " bytes");
  if (limit % (std::size_t{1} << 20) == 0) absl::StrAppend(&out, " (", limit >> 20, " MiB)");
  absl::StrAppend(&out, "; it was not read (", size, " bytes)");
  return out;
}

std::string_view HouseholdIdOfSlot(const Slot& slot) {
  if (slot.parsed) return slot.household.id();
  return slot.fallback_id;
}

void AddDuplicateWarning(std::string_view id, std::uint64_t first_index,
                         std::uint64_t first_line, v1::Decision* decision) {
  v1::Warning* warning = decision->add_warnings();
  warning->set_code(v1::WARNING_CODE_DUPLICATE_HOUSEHOLD_ID);
  warning->set_message(WarningMessage(id, first_index, first_line));
  warning->set_first_index(static_cast<std::int64_t>(first_index));
  warning->set_first_line(static_cast<std::int64_t>(first_line));
  warning->set_field("id");
}

RecordDecider::RecordDecider(std::shared_ptr<const Policy> policy, const BatchOptions& options)
    : policy_(policy), options_(options), evaluator_(std::move(policy)) {
  if (options.what_if != nullptr) what_if_evaluator_ = std::make_unique<Evaluator>(options.what_if);
}

RecordDecider::~RecordDecider() = default;

void RecordDecider::DecideBlock(Block* block) {
  for (std::size_t i = 0; i < block->count; ++i) Decide(block->slots[i].get());
}

absl::Status RecordDecider::ParseAndEvaluate(Slot* slot) {
  v1::Household& household = slot->household;
  if (options_.input == BatchInput::kJsonLines) {
    // ParseHouseholdJson checks UTF-8 (once) and the dates; in the buffer,
    // the record is parsed where it is.
    absl::Status s = ParseHouseholdJsonInBuffer(slot->record, slot->readable_after, &household);
    if (!s.ok()) return s;
  } else {
    bool parsed;
    {
      // Protobuf logs invalid UTF-8 in a string field to stderr as well as
      // failing; the record's error says it.
      google::protobuf::LogSilencer quiet;
      parsed = slot->record.size() <= static_cast<std::size_t>(INT_MAX) &&
               household.ParseFromArray(slot->record.data(),
                                        static_cast<int>(slot->record.size()));
    }
    if (!parsed) {
      household.Clear();
      return absl::InvalidArgumentError("input is not a serialized povmon.v1.Household");
    }
    if (absl::Status s = ValidateHousehold(household); !s.ok()) return s;
  }
  slot->parsed = true;
  if (absl::Status s = evaluator_.Evaluate(household, options_.evaluate, &slot->decision);
      !s.ok()) {
    return s;
  }
  if (what_if_evaluator_ != nullptr) {
    return what_if_evaluator_->Evaluate(household, options_.evaluate, &slot->what_if_decision);
  }
  return absl::OkStatus();
}

void RecordDecider::Decide(Slot* slot) {
  slot->parsed = false;
  slot->duplicate = false;
  slot->fallback_id.clear();
  slot->output.clear();
  try {
    if (slot->too_long) {
      slot->household.Clear();
      slot->status = absl::ResourceExhaustedError(TooLongMessage(slot->size));
    } else {
      slot->status = ParseAndEvaluate(slot);
    }
  } catch (const std::bad_alloc&) {
    slot->status = absl::ResourceExhaustedError("out of memory deciding this record");
  } catch (const std::exception& e) {
    slot->status = absl::InternalError(absl::StrCat("internal error: ", e.what()));
  } catch (...) {
    slot->status = absl::UnknownError("unknown internal error deciding this record");
  }
  try {
    if (!slot->status.ok() && !slot->parsed && !slot->too_long) {
      // What the parser got to, or the record's top-level "id"; only a
      // UTF-8 id is reported.
      slot->fallback_id = slot->household.id();
      if (slot->fallback_id.empty() && options_.input == BatchInput::kJsonLines) {
        slot->fallback_id = HouseholdIdOf(slot->record);
      }
      if (!IsValidUtf8(slot->fallback_id)) slot->fallback_id.clear();
    }
    Encode(*policy_, options_, slot);
  } catch (const std::exception& e) {
    // Writing the output failed (say, out of memory): the record's error.
    slot->status = absl::InternalError(absl::StrCat("internal error: ", e.what()));
    slot->output.clear();
  }
}

void RecordDecider::Encode(const Policy& policy, const BatchOptions& options, Slot* slot) {
  slot->output.clear();
  if (slot->status.ok()) {
    absl::Status s;
    switch (options.output) {
      case BatchOutput::kNone:
        return;
      case BatchOutput::kJson:
        s = DecisionToJson(slot->decision, &slot->output);
        break;
      case BatchOutput::kProto:
        if (!slot->decision.SerializeToString(&slot->output)) {
          s = absl::InternalError("the decision could not be serialized");
        }
        break;
      case BatchOutput::kExplain:
        slot->output = Explain(slot->decision, policy);
        break;
    }
    if (s.ok()) return;
    slot->status = s;
    slot->output.clear();
  }
  switch (options.output) {
    case BatchOutput::kNone:
    case BatchOutput::kExplain:
      return;
    case BatchOutput::kProto:
      slot->output.assign(MessageOf(slot->status));
      return;
    case BatchOutput::kJson: {
      std::string_view id = HouseholdIdOfSlot(*slot);
      AppendErrorRecordJson(slot->index, static_cast<long>(slot->line), id, slot->status,
                            &slot->output);
      if (slot->duplicate) {
        slot->output.pop_back();  // the record's closing brace
        AppendWarningsJson(id, slot->duplicate_of_index, slot->duplicate_of_line,
                           &slot->output);
        slot->output.push_back('}');
      }
      return;
    }
  }
}

}  // namespace povmon::batch
