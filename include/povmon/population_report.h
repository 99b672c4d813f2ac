// The county officer's report: one self-contained HTML page (no scripts, no
// network, printable) with the headline figures, tables by county, township
// and village with their names, the places the population rules flagged with
// their citations and compared values, the category mix, and measures and
// amounts by department, in Simplified Chinese by default or Traditional on
// request; the texts a pack or region file supplies are converted with the
// page (include/povmon/language.h).
//
// The page carries no personal data: only counts and amounts by place, never
// a household id, name, ID number or date of birth (a spot check gives its
// size here; its households are in the summary JSON); every text a pack or
// region file supplies goes through the public notice's redaction of
// personal-data shapes (digit runs, dates written with 年月日).
#ifndef POVMON_POPULATION_REPORT_H_
#define POVMON_POPULATION_REPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "povmon/language.h"
#include "povmon/v1/population.pb.h"

namespace povmon {

// The report as HTML (UTF-8) in `language`, whose tag the root element's
// lang attribute carries. InvalidArgument when the report has no summary or
// `language` is English (the report is written in Chinese only);
// FailedPrecondition when OpenCC's data cannot be loaded.
absl::StatusOr<std::string> RenderPopulationReportHtml(const v1::PopulationReport& report,
                                                      Language language = kDefaultLanguage);

}  // namespace povmon

#endif  // POVMON_POPULATION_REPORT_H_
