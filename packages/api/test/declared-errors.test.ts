// Every error code an operation's code can raise is one its contract declares (meta.errors) or one
// any call of its kind can answer — so the API reference never leaves a code out. The resolver of
// each procedure is followed through every function it can call inside this package (functions,
// methods, constructors), collecting `new AppError('CODE', ...)` and the AppError subclasses.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, implicitErrorCodes, listOperations, type ErrorCode } from '../src/contract/index';
import { apiContract } from '../src/contract/index';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceRoot = join(packageRoot, 'src');

/** Subclasses of AppError, by the code they always carry. */
const ERROR_CLASSES: Record<string, ErrorCode> = { RateLimitExceededError: 'RATE_LIMIT_EXCEEDED' };
/** Where codes come from mapping others' errors (zod, tRPC, the store): all implicit codes. */
const MAPPING_MODULES = new Set([join(sourceRoot, 'errors/error-classification.ts')]);
/**
 * Functions no AppError leaves: the agent tools' `onTool` turns each into a ToolFailure, a result
 * the model (or the caller of tools.run) is told rather than an error of the request.
 */
const CONTAINING_FUNCTIONS = new Set([`${join(sourceRoot, 'domain/tasks/tools/workspace-tools.ts')}#onTool`]);

function isContaining(body: ts.Node): boolean {
  const declaration = body.parent;
  return (
    declaration !== undefined &&
    ts.isFunctionDeclaration(declaration) &&
    CONTAINING_FUNCTIONS.has(`${body.getSourceFile().fileName}#${declaration.name?.text ?? ''}`)
  );
}

function loadProgram(): ts.Program {
  const configPath = join(packageRoot, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, packageRoot);
  return ts.createProgram(
    parsed.fileNames.filter((file) => file.startsWith(sourceRoot)),
    parsed.options,
  );
}

interface ProcedureSite {
  /** e.g. `sessionsContract.get`, resolved to the contract's declaration. */
  operation: ts.Node;
  resolver: ts.Node;
  file: string;
}

function findProcedures(program: ts.Program): ProcedureSite[] {
  const sites: ProcedureSite[] = [];
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(join(sourceRoot, 'router'))) continue;
    const visit = (node: ts.Node) => {
      // procedure(<operation>).<verb>(<resolver>)
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        ts.isCallExpression(node.expression.expression) &&
        ts.isIdentifier(node.expression.expression.expression) &&
        node.expression.expression.expression.text === 'procedure'
      ) {
        sites.push({ operation: node.expression.expression.arguments[0]!, resolver: node.arguments[0]!, file: file.fileName });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return sites;
}

function isInPackage(node: ts.Node): boolean {
  return node.getSourceFile().fileName.startsWith(sourceRoot);
}

/** The bodies a call or `new` can run: declarations of the callee inside this package. */
function calleeBodies(checker: ts.TypeChecker, node: ts.CallExpression | ts.NewExpression): ts.Node[] {
  const target = ts.isCallExpression(node) ? node.expression : node.expression;
  let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(target) ? target.name : target);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const bodies: ts.Node[] = [];
  for (const declaration of symbol?.declarations ?? []) {
    if (!isInPackage(declaration)) continue;
    if (ts.isClassDeclaration(declaration)) {
      for (const member of declaration.members) if (ts.isConstructorDeclaration(member) && member.body) bodies.push(member.body);
    } else if ((ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) && declaration.body) {
      bodies.push(declaration.body);
    } else if ((ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration)) && declaration.initializer) {
      bodies.push(declaration.initializer);
    }
  }
  return bodies;
}

function codesRaisedFrom(checker: ts.TypeChecker, start: ts.Node): Set<ErrorCode> {
  const codes = new Set<ErrorCode>();
  const seen = new Set<ts.Node>();
  const walk = (node: ts.Node) => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
      const name = node.expression.text;
      if (name in ERROR_CLASSES) codes.add(ERROR_CLASSES[name]!);
      if (name === 'AppError') {
        const first = node.arguments?.[0];
        if (first && ts.isStringLiteral(first)) codes.add(first.text as ErrorCode);
        else if (!MAPPING_MODULES.has(node.getSourceFile().fileName)) {
          throw new Error(`AppError with a computed code at ${node.getSourceFile().fileName}:${node.getStart()}`);
        }
      }
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      for (const body of calleeBodies(checker, node)) {
        if (seen.has(body) || MAPPING_MODULES.has(body.getSourceFile().fileName) || isContaining(body)) continue;
        seen.add(body);
        walk(body);
      }
    }
    ts.forEachChild(node, walk);
  };
  walk(start);
  return codes;
}

/** `meta.errors` of the `defineOperation({...})` an expression such as `sessionsContract.get` names. */
function operationPathOf(checker: ts.TypeChecker, expression: ts.Node): string {
  const name = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
  const symbol = checker.getSymbolAtLocation(name);
  const declaration = symbol?.declarations?.[0];
  if (!declaration || !ts.isPropertyAssignment(declaration)) throw new Error(`cannot resolve ${expression.getText()}`);
  const contractObject = declaration.parent.parent;
  if (!ts.isVariableDeclaration(contractObject) || !ts.isIdentifier(contractObject.name)) {
    throw new Error(`${expression.getText()} is not declared in a contract object`);
  }
  return `${contractObject.name.text}.${declaration.name.getText()}`;
}

describe('declared error codes', () => {
  const program = loadProgram();
  const checker = program.getTypeChecker();
  const sites = findProcedures(program);
  // Contract objects by the name they are declared under (`sessionsContract`) → domain key.
  const operations = new Map(
    listOperations(apiContract).map(({ path, operation }) => {
      const [domain, name] = path.split('.');
      return [`${domain!.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())}Contract.${name}`, { path, operation }];
    }),
  );

  it('finds every operation of the contract built by procedure() in router/', () => {
    const found = sites.map((site) => operationPathOf(checker, site.operation)).sort();
    expect(found).toEqual([...operations.keys()].sort());
  });

  for (const site of sites) {
    const key = operationPathOf(checker, site.operation);
    it(`${key}: declares every code its code can raise`, () => {
      const entry = operations.get(key);
      expect(entry, `no contract operation for ${key}`).toBeDefined();
      const { operation } = entry!;
      const allowed = new Set<ErrorCode>([...implicitErrorCodes(operation), ...(operation.meta.errors ?? [])]);
      const raised = [...codesRaisedFrom(checker, site.resolver)].filter((code) => ERROR_CODES.includes(code));
      const undeclared = raised.filter((code) => !allowed.has(code));
      expect(undeclared, `${entry!.path} raises codes its meta.errors does not list`).toEqual([]);
    });
  }
});
