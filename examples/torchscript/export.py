#!/usr/bin/python3
"""Exports a PyTorch multi-task network as a MtlAttack model folder: model.pt (TorchScript) beside model.json.

    python3 export.py --out my-model                 # torch.jit.script
    python3 export.py --out my-model --mode trace    # torch.jit.trace with an example input
    mtlattack attack --model my-model --dataset synthetic:count=40,size=64 --out my-model-attack

Needs only torch. Replace MultiTaskNet (and --weights) with your own network; keep TASKS in the order the
wrapper returns the outputs, and NORMALIZATION as the network was trained to read pixels.
"""
import argparse
import json
import os
from typing import Dict, Tuple

import torch
import torch.nn as nn

# model.json's contract: the outputs in order, each task's channels (segmentation: classes; normals 3; depth 1).
TASKS = [{"name": "segment_semantic", "classes": 6}, {"name": "normal"}, {"name": "depth_zbuffer"}]
# MtlAttack feeds BGR pixels minus the Caffe means, in 0..255 units ("nyuv2"). A torchvision-style network wants
# {"channelOrder": "RGB", "mean": [123.675, 116.28, 103.53], "scale": [0.01712, 0.01751, 0.01743]} instead.
NORMALIZATION = "nyuv2"


class MultiTaskNet(nn.Module):
    """Your network: a shared encoder and one head per task, returning a dict as many multi-task code bases do."""

    def __init__(self, classes: int):
        super().__init__()
        self.encoder = nn.Sequential(nn.Conv2d(3, 32, 3, stride=2, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
                                     nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.BatchNorm2d(64), nn.ReLU())
        self.heads = nn.ModuleDict({"segment_semantic": nn.Conv2d(64, classes, 1),
                                    "normal": nn.Conv2d(64, 3, 1), "depth_zbuffer": nn.Conv2d(64, 1, 1)})

    def forward(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        features = self.encoder(x / 64.0)  # inputs are (pixel - mean) in 0..255 units
        return {name: head(features) for name, head in self.heads.items()}


class AsTuple(nn.Module):
    """MtlAttack takes a tuple (or list) of [N,C,h,w] tensors in the order of TASKS, not a dict: wrap the network."""

    def __init__(self, model: nn.Module):
        super().__init__(); self.model = model

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        out = self.model(x); return out["segment_semantic"], out["normal"], out["depth_zbuffer"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="model folder to write (model.pt and model.json)")
    parser.add_argument("--mode", choices=["script", "trace"], default="script",
                        help="torch.jit.script keeps control flow; torch.jit.trace records one run on an example input")
    parser.add_argument("--size", type=int, default=64, help="input height and width the network expects")
    parser.add_argument("--weights", help="a state_dict saved with torch.save(model.state_dict(), ...); random weights if omitted")
    args = parser.parse_args()

    torch.manual_seed(0)
    model = MultiTaskNet(classes=TASKS[0]["classes"])
    if args.weights:
        model.load_state_dict(torch.load(args.weights, map_location="cpu", weights_only=True))
    wrapped = AsTuple(model).eval()  # eval mode: batch-norm running statistics, as MtlAttack runs it

    example = torch.zeros(1, 3, args.size, args.size)
    module = torch.jit.script(wrapped) if args.mode == "script" else torch.jit.trace(wrapped, example)
    outputs = module(example)
    assert len(outputs) == len(TASKS), f"the module returns {len(outputs)} outputs for {len(TASKS)} tasks"

    os.makedirs(args.out, exist_ok=True)
    module.save(os.path.join(args.out, "model.pt"))
    spec = {"format": "torchscript", "file": "model.pt", "tasks": TASKS, "normalization": NORMALIZATION,
            "input": {"height": args.size, "width": args.size}}
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")
    shapes = ", ".join(f"{t['name']} {list(o.shape)}" for t, o in zip(TASKS, outputs))
    print(f"Wrote {args.out}/model.pt ({args.mode}) and model.json; outputs: {shapes}")


if __name__ == "__main__":
    main()
