// The povmon C++ API in one include. (The C ABI is <povmon/povmon.h>, from bindings/c.)
#ifndef POVMON_ENGINE_H_
#define POVMON_ENGINE_H_
#include "povmon/date.h"
#include "povmon/evaluator.h"
#include "povmon/explain.h"
#include "povmon/json.h"
#include "povmon/notice.h"
#include "povmon/pack_tests.h"
#include "povmon/policy.h"
#include "povmon/version.h"
#include "povmon/what_if.h"
#include "povmon/workshop.h"
#endif
