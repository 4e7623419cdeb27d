import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type Command } from './command';
import { closestWord } from './suggestion';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandLine {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/**
 * Reads a command's options and positionals. Node's strict mode would refuse a mistake in its own
 * English words, so the reading is lenient and every mistake is told here, in both languages,
 * naming the option and where to read about it.
 */
export function parseCommandLine(argv: string[], command: Pick<Command, 'name'>, options: Options): CommandLine {
  const { values, positionals, tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  const help = `qrpack help ${command.name}`;
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const name = token.rawName.slice(0, 40);
    const config = options[token.name];
    if (!config) {
      const meant = token.rawName.startsWith('--') ? closestWord(token.name, Object.keys(options)) : undefined;
      if (meant) {
        throw new UsageError({
          en: `${command.name}: unknown option ${name}; did you mean --${meant}? (see ${help})`,
          'zh-CN': `${command.name}:未知选项 ${name};是否想用 --${meant}?(见 ${help})`,
        });
      }
      throw new UsageError({
        en: `${command.name}: unknown option ${name}; see ${help} (a value that begins with "-" goes after "--")`,
        'zh-CN': `${command.name}:未知选项 ${name};见 ${help}(以 "-" 开头的值请放在 "--" 之后)`,
      });
    }
    if (config.type === 'boolean' && token.inlineValue) {
      throw new UsageError({ en: `${command.name}: ${name} takes no value; see ${help}`, 'zh-CN': `${command.name}:${name} 不带值;见 ${help}` });
    }
    if (config.type === 'string') {
      if (token.value === undefined) {
        throw new UsageError({ en: `${command.name}: ${name} needs a value; see ${help}`, 'zh-CN': `${command.name}:${name} 需要一个值;见 ${help}` });
      }
      // `--out --json` would take "--json" for the file name; a value may begin with "-" only as a
      // negative number ("--fail -1:0.03"), as "-" alone (standard input: "--csv -") or when joined
      // with "=" ("--openid=-x").
      if (!token.inlineValue && token.value.startsWith('-') && token.value !== '-' && !/^-\d/.test(token.value)) {
        const got = token.value.slice(0, 40);
        throw new UsageError({
          en: `${command.name}: ${name} needs a value, and "${got}" looks like an option; a value that begins with "-" is written ${name}=${got}`,
          'zh-CN': `${command.name}:${name} 需要一个值,而 "${got}" 像是一个选项;以 "-" 开头的值写作 ${name}=${got}`,
        });
      }
    }
  }
  return { values: values as CommandLine['values'], positionals };
}
