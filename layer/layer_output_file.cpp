#include "layer/layer_output_file.h"

#include <filesystem>
#include <sstream>

#include "common/errors.h"

namespace apq {
namespace {

constexpr const char* kMagic = "apq-layer-outputs-1";

std::string header(const IntegerNetwork& network, std::int64_t images) {
  return std::string(kMagic) + " " + std::to_string(network.layers.size()) + " " + std::to_string(images) + "\n";
}

// Reads the header; returns the image count.
std::int64_t read_header(std::ifstream& in, const IntegerNetwork& network, const std::string& path) {
  std::string line;
  if (!std::getline(in, line)) throw InputError(path + ": not a layer output file (empty)");
  std::istringstream fields(line);
  std::string magic;
  std::size_t layers = 0;
  std::int64_t images = -1;
  fields >> magic >> layers >> images;
  if (magic != kMagic || images < 0) throw InputError(path + ": not a layer output file (header \"" + line + "\")");
  if (layers != network.layers.size())
    throw InputError(path + ": holds " + std::to_string(layers) + " layers per image, the network " + network.name +
                     " has " + std::to_string(network.layers.size()));
  return images;
}

bool read_values(std::ifstream& in, std::vector<std::int32_t>& values) {
  std::vector<unsigned char> bytes(values.size() * 4);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()))) return false;
  for (std::size_t i = 0; i < values.size(); ++i)
    values[i] = static_cast<std::int32_t>(std::uint32_t{bytes[4 * i]} | (std::uint32_t{bytes[4 * i + 1]} << 8) |
                                          (std::uint32_t{bytes[4 * i + 2]} << 16) |
                                          (std::uint32_t{bytes[4 * i + 3]} << 24));
  return true;
}

}  // namespace

LayerOutputWriter::LayerOutputWriter(const std::string& path, const IntegerNetwork& network, std::int64_t images)
    : path_(path), temporary_(path + ".tmp"), out_(temporary_, std::ios::binary | std::ios::trunc) {
  if (!out_) throw InputError(path + ": cannot write the layer output file");
  out_ << header(network, images);
}

void LayerOutputWriter::write(const std::vector<std::vector<std::int32_t>>& outputs) {
  for (const std::vector<std::int32_t>& layer : outputs) {
    std::vector<unsigned char> bytes(layer.size() * 4);
    for (std::size_t i = 0; i < layer.size(); ++i) {
      const auto v = static_cast<std::uint32_t>(layer[i]);
      bytes[4 * i] = static_cast<unsigned char>(v);
      bytes[4 * i + 1] = static_cast<unsigned char>(v >> 8);
      bytes[4 * i + 2] = static_cast<unsigned char>(v >> 16);
      bytes[4 * i + 3] = static_cast<unsigned char>(v >> 24);
    }
    out_.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  }
}

void LayerOutputWriter::commit() {
  out_.close();
  if (!out_) throw InputError(path_ + ": writing the layer output file failed");
  std::filesystem::rename(temporary_, path_);
}

std::optional<std::string> first_difference(const IntegerNetwork& network, std::size_t layer,
                                            const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b,
                                            const std::string& a_name, const std::string& b_name) {
  const TensorShape shape = output_shape(network, static_cast<int>(layer));
  const std::size_t plane = static_cast<std::size_t>(shape.size) * shape.size;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) continue;
    const std::size_t within = i % plane;
    std::ostringstream message;
    message << "layer " << layer << " (" << network.layers[layer].name << "), channel " << i / plane
            << ", position (" << within / shape.size << ", " << within % shape.size << "): " << a[i] << " in "
            << a_name << ", " << b[i] << " in " << b_name;
    return message.str();
  }
  if (a.size() != b.size())
    return "layer " + std::to_string(layer) + " (" + network.layers[layer].name + "): " + std::to_string(a.size()) +
           " values in " + a_name + ", " + std::to_string(b.size()) + " in " + b_name;
  return std::nullopt;
}

std::optional<std::string> first_layer_output_difference(const IntegerNetwork& network, const std::string& a,
                                                         const std::string& a_name, const std::string& b,
                                                         const std::string& b_name) {
  std::ifstream in_a(a, std::ios::binary), in_b(b, std::ios::binary);
  if (!in_a) throw InputError(a + ": cannot open layer output file");
  if (!in_b) throw InputError(b + ": cannot open layer output file");
  const std::int64_t images_a = read_header(in_a, network, a);
  const std::int64_t images_b = read_header(in_b, network, b);
  if (images_a != images_b)
    return std::to_string(images_a) + " images in " + a_name + ", " + std::to_string(images_b) + " in " + b_name;
  for (std::int64_t image = 0; image < images_a; ++image) {
    for (std::size_t layer = 0; layer < network.layers.size(); ++layer) {
      std::vector<std::int32_t> va(static_cast<std::size_t>(output_shape(network, static_cast<int>(layer)).elements()));
      std::vector<std::int32_t> vb(va.size());
      if (!read_values(in_a, va)) throw InputError(a + ": truncated at image " + std::to_string(image));
      if (!read_values(in_b, vb)) throw InputError(b + ": truncated at image " + std::to_string(image));
      if (auto difference = first_difference(network, layer, va, vb, a_name, b_name))
        return "image " + std::to_string(image) + ", " + *difference;
    }
  }
  return std::nullopt;
}

}  // namespace apq
