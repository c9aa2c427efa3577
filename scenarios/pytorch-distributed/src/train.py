"""A DistributedDataParallel training entry point (spec parity only: never run here)."""

import argparse
import os

parser = argparse.ArgumentParser()
parser.add_argument("--epochs", type=int, default=10)
parser.add_argument("--lr", type=float, default=0.01)
parser.add_argument("--batch-size", type=int, default=64)
args = parser.parse_args()

if __name__ == "__main__":
    rank = int(os.environ.get("RANK", "0"))
    world = int(os.environ.get("WORLD_SIZE", "1"))
    print(f"rank {rank} of {world}: epochs={args.epochs} lr={args.lr} batch={args.batch_size}")
