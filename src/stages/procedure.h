// The procedure stage (Plans 2 §3(四), 3 §4, 4 §2(五) and §4(二), 5 §2(一)5
// and §3(二), 7 §4(二)–(五)): where each of the household's cases stands in
// the pack's procedure for its kind, as of the as-of date.
//
// For each case: the next step and the date it is due by; every deadline
// with its due date and state; the notices with their shortest lawful end;
// and the findings: overdue or late steps, steps out of order or skipped,
// notices shorter than required, a missing authorisation, too few people at
// a home verification, steps brought forward by the green channel.
//
// Events dated after the as-of date have not happened yet and are ignored.
// Deadlines and notices in working days are counted on the pack's calendar;
// a date outside it is an evaluation error (OutOfRange) naming the case.
#ifndef POVMON_SRC_STAGES_PROCEDURE_H_
#define POVMON_SRC_STAGES_PROCEDURE_H_

#include "absl/status/status.h"
#include "povmon/v1/decision.pb.h"
#include "src/calendar/working_calendar.h"
#include "src/policy/lifecycle_pack.h"
#include "src/stages/identification.h"

namespace povmon {

// Fills decision->procedure (one CaseStatus per household case).
absl::Status TrackProcedures(const StageContext& context,
                             const LifecyclePack& pack,
                             const WorkingCalendar* calendar,
                             v1::Decision* decision);

}  // namespace povmon

#endif  // POVMON_SRC_STAGES_PROCEDURE_H_
