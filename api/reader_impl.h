// What a public IndexReader holds; shared by the reader and the searcher facades.
#pragma once

#include <memory>

#include "index/index_reader.h"
#include "quarry/index_reader.h"

namespace quarry {

struct IndexReader::Impl {
  std::unique_ptr<internal::IndexReader> reader;
};

}  // namespace quarry
