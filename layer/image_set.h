#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "layer/integer_network.h"

namespace apq {

// Images as an integer network reads them: bytes [count][channels][size][size], and their labels
// when a label file was given.
struct ImageSet {
  std::int64_t count = 0;
  int channels = 1;
  int size = 0;
  std::vector<std::uint8_t> pixels;
  std::vector<int> labels;  // empty without a label file

  const std::uint8_t* image(std::int64_t index) const;
};

// The first `limit` images (0: all) of an IDX byte file (gzip'd or not): rank 3 [N][H][W] for a
// one-channel network, rank 4 [N][C][H][W] otherwise; and of the label file (rank 1), if not
// empty. Throws apq::InputError naming the file when the images do not have the network's
// channels and size, or the labels are fewer than the images.
ImageSet load_image_set(const std::string& images_path, const std::string& labels_path,
                        const IntegerNetwork& network, std::int64_t limit);

}  // namespace apq
