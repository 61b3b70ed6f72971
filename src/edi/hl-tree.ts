/**
 * The HL (hierarchical level) tree of an 856, built from HL01 (ID) and HL02
 * (parent ID) — never from segment order, so vendors that send an item before
 * its pack or an order before its shipment are read correctly.
 */
import { el, type TransactionReader } from './reading';
import type { Segment } from './types';

export interface HlNode {
  /** HL01. */
  id: string;
  /** HL02 ('' for a root). */
  parentId: string;
  /** HL03: S shipment, O order, T tare, P pack, I item (others are kept as written). */
  level: string;
  hl: Segment;
  /** The segments after this HL up to the next HL (or CTT). */
  segments: Segment[];
  parent: HlNode | null;
  children: HlNode[];
}

export interface HlTree {
  /** Segments before the first HL (BSN, DTM, ...). */
  header: Segment[];
  nodes: HlNode[];
  byId: Map<string, HlNode>;
  roots: HlNode[];
}

/** Group segments under their HL and link parents; reports duplicate IDs, unknown parents and cycles. */
export function buildHlTree(r: TransactionReader, body: readonly Segment[]): HlTree {
  const header: Segment[] = [];
  const nodes: HlNode[] = [];
  const byId = new Map<string, HlNode>();
  let current: HlNode | null = null;
  for (const seg of body) {
    if (seg.id === 'HL') {
      const id = r.required(seg, 1, 'hierarchical ID number') ?? `@${seg.position}`;
      const level = r.required(seg, 3, 'hierarchical level code') ?? '';
      const node: HlNode = { id, parentId: el(seg, 2), level, hl: seg, segments: [], parent: null, children: [] };
      if (byId.has(id))
        r.elementError(seg, 1, '7', `HL ID ${JSON.stringify(id)} is used twice; the later one is ignored`);
      else byId.set(id, node);
      nodes.push(node);
      current = node;
      continue;
    }
    if (seg.id === 'CTT') {
      current = null;
      continue;
    }
    if (current) current.segments.push(seg);
    else header.push(seg);
  }
  const roots: HlNode[] = [];
  for (const node of nodes) {
    if (byId.get(node.id) !== node) continue;
    // HL02 is optional; many vendors write 0 for "no parent" on the top level.
    if (node.parentId === '' || (node.parentId === '0' && !byId.has('0'))) {
      roots.push(node);
      continue;
    }
    const parent = byId.get(node.parentId);
    if (!parent || parent === node) {
      r.elementError(node.hl, 2, '7', `parent HL ${JSON.stringify(node.parentId)} does not exist (HL ${node.id})`);
      roots.push(node);
      continue;
    }
    node.parent = parent;
    parent.children.push(node);
  }
  // A cycle leaves nodes unreachable from any root.
  const reachable = new Set<HlNode>();
  const walk = (n: HlNode) => {
    if (reachable.has(n)) return;
    reachable.add(n);
    n.children.forEach(walk);
  };
  roots.forEach(walk);
  for (const node of nodes) {
    if (byId.get(node.id) === node && !reachable.has(node)) {
      r.elementError(node.hl, 2, '7', `HL ${node.id} is part of a parent cycle`);
      node.parent?.children.splice(node.parent.children.indexOf(node), 1);
      node.parent = null;
      roots.push(node);
      walk(node);
    }
  }
  return { header, nodes: nodes.filter((n) => byId.get(n.id) === n), byId, roots };
}

/** The node's ancestors, nearest first. */
export function ancestors(node: HlNode): HlNode[] {
  const out: HlNode[] = [];
  for (let p = node.parent; p && !out.includes(p); p = p.parent) out.push(p);
  return out;
}

/** All nodes below `node` (depth-first). */
export function descendants(node: HlNode): HlNode[] {
  const out: HlNode[] = [];
  const seen = new Set<HlNode>([node]);
  const visit = (n: HlNode) => {
    for (const c of n.children) {
      if (seen.has(c)) continue;
      seen.add(c);
      out.push(c);
      visit(c);
    }
  };
  visit(node);
  return out;
}

/** The nearest ancestor with one of the given level codes. */
export function nearest(node: HlNode, levels: readonly string[]): HlNode | null {
  return ancestors(node).find((a) => levels.includes(a.level)) ?? null;
}
