// The povmon C++ API in one include. (The C ABI is <povmon/povmon.h>, from bindings/c.)
#ifndef POVMON_ENGINE_H_
#define POVMON_ENGINE_H_
#include "povmon/evaluator.h"
#include "povmon/explain.h"
#include "povmon/json.h"
#include "povmon/policy.h"
#include "povmon/version.h"
#endif
