/** Jinja2's lipsum(n=5, html=True, min=20, max=100) global: random lorem ipsum paragraphs. */
import { splitArgs } from './call-args.js';
import { escapeHtml } from './html.js';
import { truthy } from './values.js';

const WORDS = (
  'a ac accumsan ad adipiscing aenean aliquam aliquet amet ante aptent arcu at auctor augue bibendum blandit class ' +
  'commodo condimentum congue consectetuer consequat conubia convallis cras cubilia cum curabitur curae cursus dapibus ' +
  'diam dictum dictumst dignissim dis dolor donec dui duis egestas eget eleifend elementum elit enim erat eros est et ' +
  'etiam eu euismod facilisi facilisis fames faucibus felis fermentum feugiat fringilla fusce gravida habitant habitasse ' +
  'hac hendrerit hymenaeos iaculis id imperdiet in inceptos integer interdum ipsum justo lacinia lacus laoreet lectus leo ' +
  'libero ligula litora lobortis lorem luctus maecenas magna magnis malesuada massa mattis mauris metus mi molestie ' +
  'mollis montes morbi mus nam nascetur natoque nec neque netus nibh nisi nisl non nonummy nostra nulla nullam nunc odio ' +
  'orci ornare parturient pede pellentesque penatibus per pharetra phasellus placerat platea porta porttitor posuere ' +
  'potenti praesent pretium primis proin pulvinar purus quam quis quisque rhoncus ridiculus risus rutrum sagittis sapien ' +
  'scelerisque sed sem semper senectus sit sociis sociosqu sodales sollicitudin suscipit suspendisse taciti tellus tempor ' +
  'tempus tincidunt torquent tortor tristique turpis ullamcorper ultrices ultricies urna ut varius vehicula vel velit ' +
  'venenatis vestibulum vitae vivamus viverra volutpat vulputate'
).split(' ');

const randrange = (lo: number, hi: number): number => lo + Math.floor(Math.random() * (hi - lo));

/** Generates lorem ipsum text the way Jinja2's generate_lorem_ipsum does. */
export function lipsum(...raw: unknown[]): string {
  const [args, kwargs] = splitArgs(raw);
  const n = Number(args[0] ?? kwargs.n ?? 5);
  const html = truthy(args[1] ?? kwargs.html ?? true);
  const min = Number(args[2] ?? kwargs.min ?? 20);
  const max = Number(args[3] ?? kwargs.max ?? 100);
  const result: string[] = [];
  for (let i = 0; i < n; i++) {
    let nextCapitalized = true;
    let lastComma = 0;
    let lastFullstop = 0;
    let last: string | undefined;
    const p: string[] = [];
    const count = randrange(min, max);
    for (let idx = 0; idx < count; idx++) {
      let word: string;
      do word = WORDS[randrange(0, WORDS.length)]!;
      while (word === last);
      last = word;
      if (nextCapitalized) {
        word = word[0]!.toUpperCase() + word.slice(1);
        nextCapitalized = false;
      }
      if (idx - randrange(3, 8) > lastComma) {
        lastComma = idx;
        lastFullstop += 2;
        word += ',';
      }
      if (idx - randrange(10, 20) > lastFullstop) {
        lastComma = lastFullstop = idx;
        word += '.';
        nextCapitalized = true;
      }
      p.push(word);
    }
    let text = p.join(' ');
    if (text.endsWith(',')) text = `${text.slice(0, -1)}.`;
    else if (!text.endsWith('.')) text += '.';
    result.push(text);
  }
  if (!html) return result.join('\n\n');
  return result.map((x) => `<p>${escapeHtml(x)}</p>`).join('\n');
}
